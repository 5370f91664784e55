"""Every kind of import, in the order the office lists them."""

from __future__ import annotations

from teacherreg.imports.importers.base import Importer
from teacherreg.imports.importers.certificates import (
    CertificateImporter,
    RegistrationHistoryImporter,
    RestrictionImporter,
)
from teacherreg.imports.importers.identity import IdentityRegistryImporter
from teacherreg.imports.importers.profiles import (
    AnnualAssessmentImporter,
    EthicsAssessmentImporter,
    TrainingImporter,
)
from teacherreg.imports.importers.records import (
    DegreeImporter,
    EducationImporter,
    ExamResultImporter,
    MandarinImporter,
)
from teacherreg.imports.importers.reference import (
    GraduationSchoolImporter,
    MajorImporter,
    OrganisationImporter,
    SubjectImporter,
)

IMPORTERS: dict[str, Importer] = {
    importer.slug: importer
    for importer in (
        AnnualAssessmentImporter(),
        TrainingImporter(),
        EthicsAssessmentImporter(),
        CertificateImporter(),
        RegistrationHistoryImporter(),
        RestrictionImporter(),
        IdentityRegistryImporter(),
        ExamResultImporter(),
        MandarinImporter(),
        EducationImporter(),
        DegreeImporter(),
        OrganisationImporter(),
        GraduationSchoolImporter(),
        SubjectImporter(),
        MajorImporter(),
    )
}


def importer_for(slug: str) -> Importer:
    """The importer of ``slug``; ``KeyError`` for an unknown kind."""
    return IMPORTERS[slug]


def importers_for_roles(roles: frozenset[str] | set[str]) -> list[Importer]:
    """The kinds a member holding ``roles`` may import, in list order."""
    return [importer for importer in IMPORTERS.values() if importer.role in roles]
