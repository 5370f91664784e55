"""Form helpers shared by the web layers."""

from __future__ import annotations

from django import forms


class StyledForm:
    """Gives every widget its Bootstrap class; Django itself adds aria-describedby for help
    texts and aria-invalid for fields with errors."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


__all__ = ["StyledForm"]
