"""所学专业 as a tree picker (issue 5, step 2; domain.md §6.1 and §9).

The tree is the 所学专业 catalogue: discipline → category → major, and only a leaf is a
major one can have studied. What a leaf needs to be offered:

- **学历 and 资格种类** (domain.md §6.1): the leaves ``reference.majors_for`` gives for the
  certificate's qualification type and the 最高学历 record's education level. The picker works
  this out for every pair of (usable certificate, education record) the applicant has, so the
  tree follows the radios of the same page without asking the server again.
- **最高学历专业类别**: with 师范教育类 the tree holds the 师范/教育类 majors only
  (``Major.is_teaching_related``), where the offered tree has any; the catalogue of
  高中毕业及以下 holds only 无, which is not narrowed (``category_narrows``).

How it is drawn (``MajorPicker``, template ``applicant/application/major_picker.html``):

- Without JavaScript: a ``<select>`` with one ``<optgroup>`` per category (its label is the
  path above it) holding that category's leaves, narrowed by the certificate, education record
  and 专业类别 the page was drawn with. The value already chosen is always kept in the list,
  so nothing typed is lost.
- With JavaScript (static/js/major-picker.js): the whole tree of the applicant's catalogues,
  sent as JSON, becomes an ARIA tree with a filter box; it narrows itself live as the radios
  and the 专业类别 change. The choice travels in a hidden input of the same name.

Either way the server decides: a category posted as the major is refused with its name and
what to do (``MajorField``), a major outside the education level's catalogue by
``steps.check_major``, and one outside 师范教育类 by ``registration.services.majors.category_problem``
(which ``steps.check_major`` applies too, so the submission and 修改 hold the same rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teacherreg.reference import services as reference
from teacherreg.reference.models import CodeKind, Major, MajorCatalogue
from teacherreg.registration.services.majors import NORMAL_CATEGORY, category_narrows, offered_majors

NO_CERTIFICATE = 0


def offer_key(certificate_pk: Any, education_pk: Any) -> str:
    """The key of one (certificate, education record) pair, as the page's radios name them."""
    return f"c{certificate_pk or NO_CERTIFICATE}e{education_pk}"


@dataclass
class MajorTree:
    """Every node the applicant's catalogues can show, and for each leaf the pairs it is
    offered for. ``nodes`` lists parents before their children, siblings in catalogue order."""

    nodes: list[Major] = field(default_factory=list)
    offers: dict[int, set[str]] = field(default_factory=dict)
    # The pairs for which 师范教育类 narrows the tree (they offer a 师范/教育类 major).
    narrowed_by_category: set[str] = field(default_factory=set)
    normal_category: str = ""  # pk of 师范教育类, "" when the code table lacks it
    certificates: list[str] = field(default_factory=list)
    educations: list[str] = field(default_factory=list)

    def keys(self, certificate: str = "", education: str = "") -> set[str]:
        """The pairs the page stands for now: the chosen certificate and education record, or
        every one when none (or an unknown one) is chosen."""
        certificates = [certificate] if certificate in self.certificates else self.certificates
        educations = [education] if education in self.educations else self.educations
        return {offer_key(c, e) for c in certificates for e in educations}

    def leaves_for(self, keys: set[str], category: str) -> set[int]:
        """The leaves offered for ``keys`` once 专业类别 ``category`` (a pk) has narrowed them."""
        teaching = {n.pk for n in self.nodes if n.is_teaching_related}
        narrows = bool(category) and category == self.normal_category
        return {
            pk
            for pk, offered in self.offers.items()
            if any(pk in teaching or not (narrows and key in self.narrowed_by_category) for key in offered & keys)
        }

    def as_data(self) -> dict[str, Any]:
        """What the script draws the tree from."""
        return {
            "normalCategory": self.normal_category,
            "narrowedByCategory": sorted(self.narrowed_by_category),
            "certificates": self.certificates,
            "educations": self.educations,
            "nodes": [
                {
                    "id": n.pk,
                    "name": n.name,
                    "code": n.code,
                    "parent": n.parent_id,
                    "leaf": n.pk in self.offers,
                    "teaching": n.is_teaching_related,
                    "offers": sorted(self.offers.get(n.pk, ())),
                }
                for n in self.nodes
            ],
        }


_CATALOGUE_ORDER = {value: position for position, value in enumerate(MajorCatalogue.values)}


def build_tree(certificates: Iterable[Any], education_records: Iterable[Any]) -> MajorTree:
    """The tree for an applicant's usable certificates and education records (a record
    without an education level offers nothing)."""
    tree = MajorTree()
    normal = reference.code_items(CodeKind.MAJOR_CATEGORY).filter(code=NORMAL_CATEGORY).first()
    tree.normal_category = str(normal.pk) if normal else ""
    certificates = list(certificates) or [None]
    tree.certificates = [str(c.pk if c else NO_CERTIFICATE) for c in certificates]
    records = [r for r in education_records if getattr(r, "education_level", None) is not None]
    tree.educations = [str(r.pk) for r in records]
    for certificate in certificates:
        qualification_type = certificate.qualification_type if certificate else None
        for record in records:
            key = offer_key(certificate.pk if certificate else None, record.pk)
            offered = offered_majors(qualification_type, record.education_level)
            for pk in offered.values_list("pk", flat=True):
                tree.offers.setdefault(pk, set()).add(key)
            if category_narrows(normal, offered):
                tree.narrowed_by_category.add(key)
    tree.nodes = _with_ancestors(set(tree.offers))
    return tree


def _with_ancestors(leaves: set[int]) -> list[Major]:
    """The leaves and every node above them, in tree order."""
    if not leaves:
        return []
    catalogues = set(Major.objects.filter(pk__in=leaves).values_list("catalogue", flat=True))
    every = {m.pk: m for m in Major.objects.filter(catalogue__in=catalogues)}
    kept: set[int] = set()
    for pk in leaves:
        node = every.get(pk)
        while node is not None and node.pk not in kept:
            kept.add(node.pk)
            node = every.get(node.parent_id) if node.parent_id else None
    children: dict[int | None, list[Major]] = {}
    for pk in kept:
        node = every[pk]
        parent = node.parent_id if node.parent_id in kept else None
        children.setdefault(parent, []).append(node)
    for siblings in children.values():
        siblings.sort(key=lambda m: (_CATALOGUE_ORDER.get(m.catalogue, 99), m.sort_order, m.code))
    ordered: list[Major] = []

    def walk(parent: int | None) -> None:
        for node in children.get(parent, []):
            ordered.append(node)
            walk(node.pk)

    walk(None)
    return ordered


@dataclass(frozen=True)
class Group:
    """One ``<optgroup>`` of the plain picker: a category's path and its offered leaves."""

    label: str
    leaves: list[Major]


class MajorPicker(forms.Select):
    """A grouped ``<select>`` of the offered leaves, turned into a tree by the script."""

    template_name = "applicant/application/major_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.tree = MajorTree()
        self.state: dict[str, str] = {}

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> list:
        # The groups come from the tree (``get_context``); Django's own would query every node.
        return []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        widget_id = attrs.get("id") or f"id_{name}"
        attrs["aria-describedby"] = f"{widget_id}_hint {attrs.get('aria-describedby', '')}".strip()
        chosen = str(value[0] if isinstance(value, list | tuple) and value else value or "")
        keys = self.tree.keys(self.state.get("certificate", ""), self.state.get("education", ""))
        shown = self.tree.leaves_for(keys, self.state.get("category", ""))
        if chosen.isdigit() and int(chosen) in self.tree.offers:
            shown.add(int(chosen))  # what was chosen stays on the page, offered or not
        context.update(
            {
                "picker_id": widget_id,
                "chosen": chosen,
                "chosen_node": next((n for n in self.tree.nodes if str(n.pk) == chosen), None),
                "groups": _groups(self.tree.nodes, shown),
                "tree_data": self.tree.as_data(),
                "tree_data_id": f"{widget_id}_tree_data",
                "has_offers": bool(self.tree.offers),
            }
        )
        return context


def _groups(nodes: list[Major], shown: set[int]) -> list[Group]:
    by_pk = {n.pk: n for n in nodes}
    several_catalogues = len({n.catalogue for n in nodes if n.pk in shown}) > 1
    groups: dict[int | None, Group] = {}
    for node in nodes:
        if node.pk not in shown:
            continue
        parent = by_pk.get(node.parent_id) if node.parent_id else None
        key = parent.pk if parent else None
        if key not in groups:
            path = []
            while parent is not None:
                path.insert(0, parent.name)
                parent = by_pk.get(parent.parent_id) if parent.parent_id else None
            if several_catalogues:
                path.insert(0, str(MajorCatalogue(node.catalogue).label))
            groups[key] = Group(" › ".join(path), [])
        groups[key].leaves.append(node)
    return list(groups.values())


class MajorField(forms.ModelChoiceField):
    """所学专业. ``offer(tree, state)`` in the form's ``__init__`` sets what may be chosen."""

    widget = MajorPicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("所学专业"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("请选择所学专业。"),
                "invalid_choice": _("所选的所学专业不在您的最高学历可选的专业中，请重新选择。"),
            },
        )
        super().__init__(queryset=Major.objects.none(), **kwargs)

    def offer(self, tree: MajorTree, state: dict[str, str]) -> None:
        """Accept any node of ``tree`` (a category gets its own message in ``validate``);
        ``state`` holds the certificate, education record and 专业类别 the page is drawn with."""
        self.queryset = Major.objects.filter(pk__in=[n.pk for n in tree.nodes])
        self.widget.tree = tree
        self.widget.state = state

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, Major) and not value.is_selectable:
            raise ValidationError(
                _("“%(name)s”是一类专业，不能直接选择。请选择它下面具体的所学专业（最末一级）。"),
                code="not_a_leaf",
                params={"name": value.name},
            )
