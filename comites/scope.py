"""How comites feeds the portal's permission module and the units' scope checks."""

from portal.permissions import Escopo, Papel, Perfil


def papeis_de_gestor(usuario) -> list[Papel]:
    from comites.models import Gestor

    internos, outros = set(), set()
    linhas = Gestor.objects.filter(pessoa=usuario, ativo=True, comite__ativo=True).values_list(
        "comite_id", "comite__gestor_tecnologico__interno"
    )
    for comite_id, interno in linhas:
        (internos if interno in (True, None) else outros).add(comite_id)
    papeis = []
    if internos:
        papeis.append(Papel(perfil=Perfil.GESTOR, comite_ids=frozenset(internos)))
    if outros:
        papeis.append(Papel(perfil=Perfil.GESTOR_OUTROS, comite_ids=frozenset(outros)))
    return papeis


def escopo_de_unidades(ids_da_linhagem: list[int], repositorio_id: int) -> Escopo:
    """A unit belongs to the comitês defined on it or on any of its ancestors."""
    from comites.models import Comite

    linhas = list(
        Comite.objects.filter(unidade_id__in=ids_da_linhagem).values_list(
            "id", "gestor_tecnologico_id", "gestor_tecnologico__interno", "unidade__profundidade"
        )
    )
    if not linhas:
        return Escopo(repositorio_id=repositorio_id)
    # The deepest órgão that contains the unit decides the gestor tecnológico.
    _id, gt_id, interno, _prof = max(linhas, key=lambda linha: linha[3])
    return Escopo(
        comite_ids=frozenset(linha[0] for linha in linhas if linha[3] == _prof),
        repositorio_id=repositorio_id,
        gestor_tecnologico_id=gt_id,
        gestor_tecnologico_interno=interno in (True, None),
    )
