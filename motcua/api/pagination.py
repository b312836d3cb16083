# SPDX-License-Identifier: MPL-2.0
"""Page-number pagination for the public catalogue lists (docs/api.md, "Phân trang").

The procedure search is ranked (whole phrase first, then code), so its order has no
unique, monotonic key for a cursor; the catalogue is bounded (a few thousand procedures)
and the portal pages it the same way. Cursor pagination is kept for the unbounded,
changing lists (dossiers) of later slices.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size_query_param = "page_size"
    invalid_page_message = _("Không có trang này: số trang bắt đầu từ 1 và không quá trang cuối.")
    max_page_size = 100

    def get_page_size(self, request):  # type: ignore[no-untyped-def]
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)


#: Query parameters of ``PagePagination``, for ``extend_schema(parameters=…)`` on an APIView
#: (drf-spectacular adds them by itself only to generic list views).
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Số trang, từ 1."),
    OpenApiParameter("page_size", int, description="Số dòng mỗi trang (mặc định 25, tối đa 100)."),
]
