"""Writes a SIORG-shaped JSON list (``{"servico": …, "unidades": […]}``) with N units, deterministically.

The tree mimics the federal executive: unit 26 (Presidência da República) at the top, ministries under
it, entidades vinculadas under the ministries, and administrative units down to six levels. Every code
is a URI; half the units use slug tails (``/poder/executivo``) and half numeric ones (``/poder/1``).

    python bench/estrutura_gerar_siorg.py 100000 /tmp/siorg-100k.json
"""

import json
import random
import sys

BASE = "https://estruturaorganizacional.dados.gov.br/id"
PALAVRAS = (
    "Administração", "Planejamento", "Orçamento", "Gestão", "Pessoas", "Logística", "Tecnologia",
    "Informação", "Saúde", "Educação", "Fiscalização", "Normas", "Projetos", "Comunicação", "Controle",
    "Auditoria", "Licitações", "Contratos", "Patrimônio", "Documentação", "Protocolo", "Arquivo",
    "Finanças", "Contabilidade", "Infraestrutura", "Inovação", "Regulação", "Monitoramento", "Avaliação",
    "Desenvolvimento", "Cooperação", "Assuntos Jurídicos", "Ouvidoria", "Correição", "Integridade",
)
CARGOS = ("Secretaria de", "Diretoria de", "Coordenação-Geral de", "Coordenação de", "Divisão de", "Serviço de")
SIGLAS = ("S", "D", "CG", "CO", "DI", "SE")


def _uri(dominio: str, slug: str, numero: int, numerico: bool) -> str:
    return f"{BASE}/{dominio}/{numero if numerico else slug}"


def unidades(total: int, semente: int = 2026):
    rnd = random.Random(semente)
    codigo = 100_000
    # (codigo, nivel, codigo_do_orgao, sigla) of units that can still get children
    abertos = []

    def nova(pai, orgao, nivel, tipo, nome, sigla):
        nonlocal codigo
        codigo += 1
        numerico = codigo % 2 == 0
        tipo_slug, tipo_num = {"orgao": ("orgao", 1), "entidade": ("entidade", 2)}.get(
            tipo, ("unidade-administrativa", 3)
        )
        proprio = orgao or codigo
        registro = {
            "codigoUnidade": f"{BASE}/unidade-organizacional/{codigo}",
            "codigoUnidadePai": f"{BASE}/unidade-organizacional/{pai}" if pai else None,
            "codigoOrgaoEntidade": f"{BASE}/unidade-organizacional/{proprio}",
            "codigoTipoUnidade": _uri("tipo-unidade", tipo_slug, tipo_num, numerico),
            "nome": nome,
            "sigla": sigla,
            "codigoEsfera": _uri("esfera", "federal", 1, numerico),
            "codigoPoder": _uri("poder", "executivo", 1, numerico),
            "codigoNaturezaJuridica": _uri("natureza-juridica", "administracao-direta", 3, numerico),
            "codigoSubNaturezaJuridica": None,
            "nivelNormatizacao": "LEI_DECRETO" if nivel < 3 else "ATO_INTERNO",
            "versaoConsulta": f"{100 + nivel}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}",
            "dataInicialVersaoConsulta": "2024-03-01",
            "dataFinalVersaoConsulta": None,
            "operacao": None,
            "codigoCategoriaUnidade": f"{BASE}/categoria-unidade/1",
        }
        return codigo, registro

    raiz, registro = nova(None, None, 0, "orgao", "Presidência da República", "PR")
    yield registro
    abertos.append((raiz, 0, raiz, "PR"))
    gerados = 1
    ministerios = max(1, min(40, total // 2500))
    for i in range(ministerios):
        if gerados >= total:
            return
        cod, registro = nova(raiz, None, 1, "orgao", f"Ministério de {PALAVRAS[i % len(PALAVRAS)]} {i + 1}",
                             f"M{i + 1:02d}")
        yield registro
        gerados += 1
        abertos.append((cod, 1, cod, f"M{i + 1:02d}"))
    while gerados < total:
        pai, nivel, orgao, sigla_pai = abertos[rnd.randrange(len(abertos))]
        if nivel == 1 and rnd.random() < 0.03:
            cod, registro = nova(pai, None, 2, "entidade", f"Instituto Nacional de {rnd.choice(PALAVRAS)} {gerados}",
                                 f"IN{gerados}")
            filho_orgao = cod
        else:
            palavra = rnd.choice(PALAVRAS)
            cargo = CARGOS[min(nivel, len(CARGOS) - 1)]
            sigla = f"{SIGLAS[min(nivel, len(SIGLAS) - 1)]}{palavra[:3].upper()}{gerados}"
            cod, registro = nova(pai, orgao, nivel + 1, "ua", f"{cargo} {palavra} {gerados}", sigla)
            filho_orgao = orgao
        yield registro
        gerados += 1
        if nivel + 1 < 7:
            abertos.append((cod, nivel + 1, filho_orgao, registro["sigla"]))


def escrever(total: int, caminho: str, semente: int = 2026) -> None:
    with open(caminho, "w", encoding="utf-8") as saida:
        saida.write('{"servico": {"codigoErro": 0, "mensagem": "Processamento sem erros", "data": "2026-11-01", '
                    '"versaoServico": "4.0.2"}, "unidades": [\n')
        for i, registro in enumerate(unidades(total, semente)):
            if i:
                saida.write(",\n")
            saida.write(json.dumps(registro, ensure_ascii=False))
        saida.write("\n]}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        # Also reached through bench/run_all.py: this is the data generator, not a benchmark.
        print("gerador de dados (sem medição): python bench/estrutura_gerar_siorg.py QUANTIDADE ARQUIVO.json")
        sys.exit(0)
    escrever(int(sys.argv[1]), sys.argv[2])
    print(f"escrito {sys.argv[2]}")
