from django.contrib import admin

from comites.models import Comite, Gestor, NotaInterna, Sistema, SolicitacaoDeAcesso, VinculoSistemaComite


class GestorInline(admin.TabularInline):
    model = Gestor
    fk_name = "comite"
    extra = 0
    raw_id_fields = ("pessoa", "adicionado_por")


@admin.register(Comite)
class ComiteAdmin(admin.ModelAdmin):
    list_display = ("unidade", "ambiente", "ativo", "implantacao", "implantado_em", "criado_em")
    list_filter = ("ambiente", "ativo", "implantacao")
    search_fields = ("unidade__nome", "unidade__sigla", "cnpj")
    raw_id_fields = ("unidade",)
    inlines = [GestorInline]


class NotaInline(admin.TabularInline):
    model = NotaInterna
    extra = 0
    readonly_fields = ("autor", "criado_em")


@admin.register(SolicitacaoDeAcesso)
class SolicitacaoDeAcessoAdmin(admin.ModelAdmin):
    list_display = ("protocolo", "orgao_rotulo", "ambiente", "status", "criado_em", "avaliado_em")
    list_filter = ("status", "ambiente", "executivo_federal")
    search_fields = ("protocolo", "orgao_nome", "orgao_sigla", "unidade__nome", "nome", "email")
    raw_id_fields = ("unidade", "comite", "pessoa", "avaliador", "avaliado_por")
    readonly_fields = ("token", "criado_em", "ip")
    inlines = [NotaInline]


class VinculoInline(admin.TabularInline):
    model = VinculoSistemaComite
    extra = 0
    raw_id_fields = ("comite",)


@admin.register(Sistema)
class SistemaAdmin(admin.ModelAdmin):
    list_display = ("nome", "sistema_de_governo", "orgao_responsavel", "ativo")
    search_fields = ("nome",)
    raw_id_fields = ("orgao_responsavel",)
    inlines = [VinculoInline]
