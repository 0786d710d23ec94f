from .reports import ModerationLogView, PostsReportView

PostsReportView.register()
ModerationLogView.register()
