"""Forms of the photo step (P13): the upload, and the crop box's numbers (the form that works
without JavaScript; the crop script only fills in the same three numbers)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from teacherreg.common.forms import StyledForm
from teacherreg.common.messages import message_for

# What the file picker offers; the server never trusts it and sniffs the content instead.
ACCEPT = "image/jpeg,image/png,image/heic,image/heif,.jpg,.jpeg,.png,.heic,.heif"
# Far outside any working copy (at most 1,600 px): a box this far off is still only clamped.
_COORDINATE = 100_000


class PhotoUploadForm(StyledForm, forms.Form):
    photo = forms.FileField(
        label=_("照片文件"),
        allow_empty_file=True,  # the P13 check has its own message for an empty file
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].error_messages["required"] = message_for("photo_file_required")
        self.fields["photo"].widget.attrs["aria-describedby"] = "photo-rules"


class CropForm(StyledForm, forms.Form):
    """The crop box on the working copy, in its pixels; the height follows from 295:413."""

    x = forms.IntegerField(label=_("左边距（像素）"), min_value=-_COORDINATE, max_value=_COORDINATE)
    y = forms.IntegerField(label=_("上边距（像素）"), min_value=-_COORDINATE, max_value=_COORDINATE)
    width = forms.IntegerField(label=_("裁剪宽度（像素）"), min_value=1, max_value=_COORDINATE)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["required"] = _("请填写%(label)s。") % {"label": field.label}
            field.widget.attrs.update({"inputmode": "numeric", "data-crop": name})
