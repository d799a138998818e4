"""python manage.py importar_siorg FILE [FILE…] [--repositorio ID] [--parcial]"""

import sys
from contextlib import ExitStack
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from estrutura.models import ExecucaoDeImportacao, RepositorioDeEstruturas
from estrutura.services import siorg
from portal.context import atuando_como


class Command(BaseCommand):
    help = (
        "Importa (sincroniza) a estrutura do SIORG a partir de arquivos JSON, XML ou CSV (- lê da entrada padrão). "
        "Unidades novas são incluídas, alteradas são atualizadas sem mudar o id e, numa importação completa, "
        "as unidades SIORG ausentes são inativadas. Um arquivo com erro não altera nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("arquivos", nargs="+", metavar="ARQUIVO", help="arquivo do SIORG, ou - para stdin")
        parser.add_argument("--repositorio", type=int, help="id do repositório (padrão: o repositório SIORG)")
        parser.add_argument(
            "--parcial", action="store_true",
            help="os arquivos não trazem a estrutura completa: nenhuma unidade ausente é inativada",
        )

    def handle(self, *args, arquivos, repositorio=None, parcial=False, **options):
        repo = None
        if repositorio is not None:
            repo = RepositorioDeEstruturas.objects.filter(pk=repositorio).first()
            if repo is None:
                raise CommandError(f"Repositório {repositorio} não encontrado.")
        with ExitStack() as pilha:
            fontes = []
            for nome in arquivos:
                if nome == "-":
                    fontes.append(("entrada padrão", sys.stdin.buffer))
                    continue
                caminho = Path(nome)
                if not caminho.is_file():
                    raise CommandError(f"Arquivo não encontrado: {nome}")
                fontes.append((caminho.name, pilha.enter_context(caminho.open("rb"))))
            with atuando_como(origem="comando"):
                execucao = siorg.importar(
                    fontes, origem=ExecucaoDeImportacao.Origem.COMANDO, repositorio=repo,
                    completa=False if parcial else None,
                )
        for aviso in execucao.avisos:
            self.stderr.write(f"aviso: {aviso}")
        if execucao.situacao != ExecucaoDeImportacao.Situacao.SUCESSO:
            for erro in execucao.erros:
                onde = ", ".join(p for p in (erro["arquivo"], erro["registro"]) if p)
                campo = f"campo {erro['campo']}: " if erro["campo"] else ""
                self.stderr.write(f"erro: {onde}: {campo}{erro['mensagem']}")
            raise CommandError(f"Importação {execucao.pk}: {execucao.mensagem}")
        tipo = "completa" if execucao.completa else "parcial"
        self.stdout.write(self.style.SUCCESS(f"Importação {execucao.pk} ({tipo}) concluída: {execucao.mensagem}"))
