"""Demo data for ``make run`` (idempotent): the SIORG repository and two hand-built repositories.

* Poder Executivo Federal (SIORG): ``fixtures/siorg/demo.json`` (a small structure in the real JSON list
  shape, with real unit codes) and the official documentation's XML example for unit 2981, both through
  the real importer — so the demo shows an import report too.
* Poder Judiciário and Estado – Minas Gerais: categories, órgãos and units created through the services,
  following the naming standard of the Padrão de Criação de Repositório.
"""

from pathlib import Path

from estrutura.models import ExecucaoDeImportacao, RepositorioDeEstruturas, Unidade
from estrutura.services import repositorios, siorg, unidades

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "siorg"

JUDICIARIO = {
    ("Tribunais Regionais Federais", "TRF", False): {
        ("Tribunal Regional Federal da 1ª Região", "TRF1", True): {
            ("Secretaria-Geral da Presidência", "SECGE", False): {
                ("Secretaria de Gestão Documental", "SEGED", False): {
                    ("Seção de Protocolo", "SEPRO", False): {},
                    ("Seção de Arquivo", "SEARQ", False): {},
                },
            },
            ("Seção Judiciária do Distrito Federal", "SJDF", False): {},
        },
        ("Tribunal Regional Federal da 4ª Região", "TRF4", True): {},
    },
    ("Tribunais de Justiça", "TJ", False): {
        ("Tribunal de Justiça do Estado de Minas Gerais", "TJMG", True): {
            ("Diretoria Executiva de Suporte à Prestação Jurisdicional", "DIRSUP", False): {},
        },
    },
    ("Superior Tribunal de Justiça", "STJ", True): {
        ("Secretaria de Documentação", "SED", False): {},
    },
}

MINAS_GERAIS_NOME = "Estado – Minas Gerais"
MINAS_GERAIS = {
    ("Poder Executivo Estadual", "PEEMG", False): {
        ("Governo do Estado de Minas Gerais", "GOVMG", True): {
            ("Secretaria de Estado de Saúde", "SES", False): {
                ("Superintendência de Gestão de Pessoas", "SGP", False): {},
                ("Diretoria de Protocolo", "DIPRO", False): {},
            },
            ("Secretaria de Estado de Planejamento e Gestão", "SEPLAG", False): {
                ("Superintendência Central de Governança de Ativos e Logística", "SCGAL", False): {},
            },
        },
    },
    ("Poderes Executivos Municipais", "PEMMG", False): {
        ("Prefeitura Municipal de Belo Horizonte", "PBH", True): {
            ("Secretaria Municipal de Fazenda", "SMFA", False): {},
        },
    },
    ("Poder Legislativo Estadual", "PLEMG", False): {
        ("Assembleia Legislativa do Estado de Minas Gerais", "ALMG", True): {},
    },
}


def _repositorio(nome: str, descricao: str) -> RepositorioDeEstruturas:
    existente = RepositorioDeEstruturas.objects.filter(nome=nome).first()
    return existente or repositorios.criar_repositorio(nome=nome, descricao=descricao)


def _arvore(repositorio, pai, nos: dict, criadas: dict) -> None:
    pilha = [(pai, nos)]
    while pilha:
        superior, filhos = pilha.pop()
        for (nome, sigla, eh_orgao), netos in filhos.items():
            unidade = Unidade.objects.filter(repositorio=repositorio, parent=superior, nome=nome).first()
            if unidade is None:
                dados = {"nome": nome, "sigla": sigla, "eh_orgao": eh_orgao,
                         "descricao": f"{nome} (dados de demonstração)"}
                unidade = (unidades.criar_unidade(pai=superior, **dados) if superior
                           else repositorios.adicionar_orgao(repositorio, **dados))
            criadas[sigla] = unidade.pk
            pilha.append((unidade, netos))


def carregar() -> dict:
    repo_siorg = RepositorioDeEstruturas.objects.filter(is_siorg=True).first()
    if repo_siorg is None:
        repo_siorg = RepositorioDeEstruturas.objects.create(
            nome="Poder Executivo Federal", is_siorg=True,
            descricao="Estrutura do Poder Executivo Federal, importada automaticamente do SIORG.",
        )
    for nome in ("demo.json", "mp_2981_resumida_exemplo_oficial.xml"):
        with (FIXTURES / nome).open("rb") as arquivo:
            execucao = siorg.importar([(nome, arquivo)], origem=ExecucaoDeImportacao.Origem.COMANDO,
                                      repositorio=repo_siorg, completa=False)
        if execucao.situacao != ExecucaoDeImportacao.Situacao.SUCESSO:
            raise RuntimeError(f"demo: importação SIORG falhou: {execucao.mensagem} {execucao.erros}")

    ids: dict[str, int] = {}
    judiciario = _repositorio("Poder Judiciário",
                              "Órgãos do Poder Judiciário: tribunais superiores, regionais e estaduais.")
    _arvore(judiciario, None, JUDICIARIO, ids)
    minas = _repositorio(MINAS_GERAIS_NOME,
                         "Poderes Executivo e Legislativo do Estado e dos municípios de Minas Gerais.")
    _arvore(minas, None, MINAS_GERAIS, ids)
    _repositorio("Estruturas em Transição", "Destinado apenas a órgãos/entidades que foram extintos ou inativados.")
    siorg_ids = dict(Unidade.objects.filter(repositorio=repo_siorg, siorg_codigo__in=["26", "244", "304", "1934"])
                     .values_list("siorg_codigo", "pk"))
    return {
        "repositorio_siorg": repo_siorg.pk,
        "repositorio_judiciario": judiciario.pk,
        "repositorio_minas_gerais": minas.pk,
        "unidades_siorg": siorg_ids,
        "unidades": ids,
    }
