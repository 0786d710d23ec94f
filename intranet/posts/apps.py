from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "intranet.posts"
    label = "posts"
    verbose_name = "Posts"
