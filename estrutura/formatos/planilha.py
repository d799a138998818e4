"""The CSV a gestor fills to create units in bulk (spec portal-features §7.4).

Header ``CODIGO, CODIGO DO PAI, NOME, SIGLA, SIGLA COMPLETA``, UTF-8, separated by commas or by semicolons
(what spreadsheets in Brazilian Portuguese and the portal's own exports write; sniffed from the header). CODIGO is local
to the file (1, 2, 3 …); an empty CODIGO DO PAI hangs the row under the unit chosen in the portal,
otherwise under the row with that CODIGO. SIGLA COMPLETA (``CGSAUDE/DSAUDE/SESAUDE``) is informative.
Every error names the line and the column.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from portal.identificadores import eh_numero_ascii

from . import MAXIMO_DE_FALHAS, ErroDeLeitura, Falha, problema_de_caractere

COLUNAS = ("CODIGO", "CODIGO DO PAI", "NOME", "SIGLA", "SIGLA COMPLETA")
LIMITE_NOME = 250
LIMITE_SIGLA = 20
LIMITE_SIGLA_COMPLETA = 1000
MODELO = (
    "CODIGO,CODIGO DO PAI,NOME,SIGLA,SIGLA COMPLETA\n"
    "1,,Secretaria de Saúde,SESAUDE,SESAUDE\n"
    "2,1,Departamento de Saúde,DSAUDE,DSAUDE/SESAUDE\n"
    "3,2,Coordenação-Geral de Saúde,CGSAUDE,CGSAUDE/DSAUDE/SESAUDE\n"
)


@dataclass
class LinhaDaPlanilha:
    linha: int
    codigo: str
    codigo_pai: str
    nome: str
    sigla: str
    sigla_completa: str


@dataclass
class Planilha:
    linhas: list[LinhaDaPlanilha] = field(default_factory=list)

    @property
    def por_codigo(self) -> dict[str, LinhaDaPlanilha]:
        return {linha.codigo: linha for linha in self.linhas}

    def em_ordem_de_arvore(self) -> list[tuple[int, LinhaDaPlanilha]]:
        """(level, row) pairs, parents before children, in file order among siblings. No recursion."""
        filhos: dict[str, list[LinhaDaPlanilha]] = {}
        for linha in self.linhas:
            filhos.setdefault(linha.codigo_pai, []).append(linha)
        ordem: list[tuple[int, LinhaDaPlanilha]] = []
        pilha = [(0, linha) for linha in reversed(filhos.get("", []))]
        while pilha:
            nivel, linha = pilha.pop()
            ordem.append((nivel, linha))
            pilha.extend((nivel + 1, filho) for filho in reversed(filhos.get(linha.codigo, [])))
        return ordem

    def profundidade_maxima(self) -> int:
        return max((nivel for nivel, _ in self.em_ordem_de_arvore()), default=-1) + 1


def _cabecalho(texto: str) -> str:
    decomposto = unicodedata.normalize("NFKD", texto)
    sem_acento = "".join(c for c in decomposto if not unicodedata.combining(c))
    return " ".join(sem_acento.upper().split())


def _texto(valor: str) -> str:
    return " ".join(valor.split())


SEPARADORES = {",": "vírgula", ";": "ponto e vírgula"}


def separador(primeira_linha: str) -> str:
    """``,`` or ``;``: the one that splits the header into the expected columns, else the one that splits
    it into more fields (so the header check reports what was found)."""
    def campos(sep: str) -> list[str]:
        try:
            return next(csv.reader([primeira_linha], delimiter=sep), [])
        except csv.Error:
            return []

    for sep in SEPARADORES:
        if tuple(_cabecalho(c) for c in campos(sep)) == COLUNAS:
            return sep
    return max(SEPARADORES, key=lambda sep: len(campos(sep)))


def ler(conteudo: bytes, *, limite_de_linhas: int, arquivo: str = "") -> Planilha:
    """Validates the whole file; raises ``ErroDeLeitura`` listing every line/column at fault."""
    falhas: list[Falha] = []

    def falha(linha: int | None, coluna: str, mensagem: str) -> None:
        falhas.append(Falha(arquivo, f"linha {linha}" if linha else "", coluna, mensagem))

    try:
        texto = conteudo.decode("utf-8-sig")
    except UnicodeDecodeError as erro:
        linha = conteudo[: erro.start].count(b"\n") + 1
        falha(linha, "", "o arquivo não está codificado em UTF-8. No editor de planilhas, salve como "
                         "“CSV UTF-8 (delimitado por vírgulas)”.")
        raise ErroDeLeitura(falhas) from None
    if not texto.strip():
        falha(None, "", "o arquivo está vazio.")
        raise ErroDeLeitura(falhas)
    sep = separador(texto.split("\n", 1)[0].rstrip("\r"))
    leitor = csv.reader(io.StringIO(texto, newline=""), delimiter=sep)
    try:
        cabecalho = next(leitor)
    except csv.Error as erro:
        falha(1, "", f"cabeçalho ilegível ({erro}).")
        raise ErroDeLeitura(falhas) from None
    if len(cabecalho) == 1 and "\t" in cabecalho[0]:
        falha(1, "", "as colunas devem ser separadas por vírgula (,) ou por ponto e vírgula (;); o arquivo usa "
                     "tabulação. Ao salvar no editor de planilhas, escolha “CSV”.")
        raise ErroDeLeitura(falhas)
    encontradas = tuple(_cabecalho(c) for c in cabecalho)
    if encontradas != COLUNAS:
        falha(1, "", f"o cabeçalho deve ser exatamente: {', '.join(COLUNAS)} (encontrado: {', '.join(cabecalho)}).")
        raise ErroDeLeitura(falhas)

    planilha = Planilha()
    vistos: dict[str, int] = {}
    try:
        for numero, valores in enumerate(leitor, start=2):
            if not any(v.strip() for v in valores):
                continue
            if len(planilha.linhas) >= limite_de_linhas:
                falha(numero, "", f"o arquivo tem mais de {limite_de_linhas} unidades; divida-o em arquivos menores.")
                break
            if len(valores) != len(COLUNAS):
                falha(numero, "", f"esperadas {len(COLUNAS)} colunas separadas por {SEPARADORES[sep]}, "
                                  f"encontradas {len(valores)}. Nomes com {SEPARADORES[sep]} devem estar entre aspas.")
                continue
            codigo, codigo_pai, nome, sigla, sigla_completa = (_texto(v) for v in valores)
            for coluna, valor in zip(COLUNAS, valores, strict=True):
                problema = problema_de_caractere(_texto(valor))
                if problema:
                    falha(numero, coluna, problema)
            if not codigo:
                falha(numero, "CODIGO", "obrigatório.")
            elif not eh_numero_ascii(codigo):
                falha(numero, "CODIGO", f"deve ser um número inteiro (encontrado “{codigo[:30]}”).")
            elif codigo in vistos:
                falha(numero, "CODIGO", f"o código {codigo} está repetido (já usado na linha {vistos[codigo]}).")
            else:
                vistos[codigo] = numero
            if codigo_pai and not eh_numero_ascii(codigo_pai):
                falha(numero, "CODIGO DO PAI",
                      f"deve ser vazio ou um número inteiro (encontrado “{codigo_pai[:30]}”).")
            if not nome:
                falha(numero, "NOME", "obrigatório.")
            elif len(nome) > LIMITE_NOME:
                falha(numero, "NOME", f"tem {len(nome)} caracteres; o máximo é {LIMITE_NOME}.")
            if len(sigla) > LIMITE_SIGLA:
                falha(numero, "SIGLA", f"tem {len(sigla)} caracteres; o máximo é {LIMITE_SIGLA}.")
            if len(sigla_completa) > LIMITE_SIGLA_COMPLETA:
                falha(numero, "SIGLA COMPLETA", f"o máximo é {LIMITE_SIGLA_COMPLETA} caracteres.")
            planilha.linhas.append(LinhaDaPlanilha(numero, codigo, codigo_pai, nome, sigla, sigla_completa))
            if len(falhas) >= MAXIMO_DE_FALHAS:
                break
    except csv.Error as erro:
        falha(leitor.line_num, "", f"linha mal formada ({erro}); confira as aspas.")
    if not planilha.linhas and not falhas:
        falha(None, "", "o arquivo não tem nenhuma unidade abaixo do cabeçalho.")

    codigos = set(vistos)
    for linha in planilha.linhas:
        if eh_numero_ascii(linha.codigo_pai) and linha.codigo_pai not in codigos:
            falha(linha.linha, "CODIGO DO PAI", f"não há unidade com CODIGO {linha.codigo_pai} no arquivo.")
    if falhas:
        falhas.sort(key=lambda f: int(f.registro.split()[-1]) if f.registro else 0)
        raise ErroDeLeitura(falhas)
    _verificar_ciclos(planilha, falha)
    if falhas:
        raise ErroDeLeitura(falhas)
    return planilha


def _verificar_ciclos(planilha: Planilha, falha) -> None:
    por_codigo = planilha.por_codigo
    resolvidos: set[str] = set()
    for linha in planilha.linhas:
        trilha: list[str] = []
        atual = linha.codigo
        while atual and atual not in resolvidos:
            if atual in trilha:
                ciclo = trilha[trilha.index(atual):]
                descricao = " → ".join([*ciclo, atual])
                for codigo in ciclo:
                    falha(por_codigo[codigo].linha, "CODIGO DO PAI", f"a hierarquia forma um ciclo: {descricao}.")
                resolvidos.update(trilha)
                break
            trilha.append(atual)
            atual = por_codigo[atual].codigo_pai
        resolvidos.update(trilha)
