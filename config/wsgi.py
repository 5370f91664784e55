import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
application = get_wsgi_application()

# Issue 7: what is loaded by now (Django, every app, the URL configuration) lives as long as the
# process. Moving it to the collector's permanent generation stops every full collection from
# walking those ~180,000 objects again during requests; the URLconf is imported first so it is
# part of what is frozen rather than loaded by the first request.
from django.urls import get_resolver  # noqa: E402  (needs the settings loaded above)

get_resolver().url_patterns  # noqa: B018  (imports every app's urls.py now)
gc.freeze()
