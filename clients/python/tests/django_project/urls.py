"""Routes of the test project."""

from django.urls import path

from django_project.relief import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("admin-only/", views.admin_only, name="admin_only"),
    path("donations/<int:pk>/", views.update_donation, name="update_donation"),
    # The URL names of django.contrib.auth's reset views, which the app recognises.
    path("reset/", views.reset_request, name="password_reset"),
    path("reset/<str:username>/", views.reset_confirm, name="password_reset_confirm"),
]
