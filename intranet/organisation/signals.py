from django.dispatch import Signal

#: Sent with `user` when a member of staff is deactivated (by the directory sync, in the admin or by
#: code): after any save that turns an active user inactive. Their pages stay; they become ownerless.
user_deactivated = Signal()
