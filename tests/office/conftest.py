import pytest

from tests.office.helpers import office_middleware  # noqa: F401


@pytest.fixture(autouse=True)
def _office_middleware(office_middleware):  # noqa: F811
    return office_middleware
