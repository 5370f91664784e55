"""The WeChat pages: the event callback, binding from the personal centre, reset by WeChat and
the development phone."""
