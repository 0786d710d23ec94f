from django.dispatch import Signal

#: Sent with `user` when a member of staff is deactivated (by the directory sync or by hand).
#: Their pages stay as they are; the content-ownership work acts on this signal.
user_deactivated = Signal()
