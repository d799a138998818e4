"""What comites tells the lower apps through ``portal.ganchos`` (registered in ``ComitesConfig.ready``)."""

from estrutura.escopo import RaizDeComite
from portal.permissions import Papel, Perfil, hospedado_por_terceiro


def papeis_de_gestor(usuario) -> list[Papel]:
    """``PAPEIS_DA_PESSOA``: the comitês the person is an active gestor of, split by who hosts the system."""
    from comites.models import Gestor

    internos, outros = set(), set()
    linhas = Gestor.objects.filter(pessoa=usuario, ativo=True, comite__ativo=True).values_list(
        "comite_id", "comite__gestor_tecnologico__interno"
    )
    for comite_id, interno in linhas:
        (outros if hospedado_por_terceiro(interno) else internos).add(comite_id)
    papeis = []
    if internos:
        papeis.append(Papel(perfil=Perfil.GESTOR, comite_ids=frozenset(internos)))
    if outros:
        papeis.append(Papel(perfil=Perfil.GESTOR_OUTROS, comite_ids=frozenset(outros)))
    return papeis


def raizes_dos_comites(caminhos: list[str] | None = None) -> list[RaizDeComite]:
    """``COMITES_DAS_UNIDADES``: every comitê with its órgão's root unit (one query), or only those
    rooted at ``caminhos``."""
    from comites.models import Comite

    comites = Comite.objects.order_by("pk")
    if caminhos is not None:
        comites = comites.filter(unidade__caminho__in=caminhos)
    return [
        RaizDeComite(comite_id=pk, caminho=caminho, repositorio_id=repositorio_id,
                     gestor_tecnologico_id=gt_id, interno=interno)
        for pk, caminho, repositorio_id, gt_id, interno in comites.values_list(
            "pk", "unidade__caminho", "unidade__repositorio_id", "gestor_tecnologico_id",
            "gestor_tecnologico__interno",
        )
    ]
