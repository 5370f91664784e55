"""WeChat routes (namespace ``wechat``), under /wechat/."""

from django.urls import path

from teacherreg.wechat.views import bind, callback, dev_phone, reset, status

app_name = "wechat"
urlpatterns = [
    path("callback/", callback.callback, name="callback"),
    path("bind/", bind.bind, name="bind"),
    path("unbind/", bind.unbind, name="unbind"),
    path("scene/<uuid:public_id>/status/", status.scene_status, name="scene_status"),
    path("reset/", reset.reset, name="reset"),
    path("reset/password/", reset.reset_password, name="reset_password"),
    path("dev-phone/<str:scene>/", dev_phone.dev_phone, name="dev_phone"),
]
