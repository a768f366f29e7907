"""Country names as CRM exports write them ("Germany", "Deutschland", "United States",
"USA") -> ISO 3166-1 alpha-2 codes, for the countries most books hold."""

from __future__ import annotations

from accord.imports.formats.labels import fold

# code: names in English, German, French and Spanish, and common short forms.
_NAMES = {
    "AT": "Austria Österreich Autriche",
    "AU": "Australia Australien Australie",
    "BE": "Belgium Belgien Belgique Bélgica",
    "BR": "Brazil Brasilien Brésil Brasil",
    "CA": "Canada Kanada Canadá",
    "CH": "Switzerland Schweiz Suisse Suiza",
    "CN": "China Chine",
    "CZ": "Czechia|Czech Republic|Tschechien|Tchéquie|República Checa",
    "DE": "Germany Deutschland Allemagne Alemania",
    "DK": "Denmark Dänemark Danemark Dinamarca",
    "ES": "Spain Spanien Espagne España",
    "FI": "Finland Finnland Finlande Finlandia",
    "FR": "France Frankreich Francia",
    "GB": "United Kingdom|UK|Great Britain|England|Scotland|Wales|Großbritannien"
    "|Vereinigtes Königreich|Royaume-Uni|Reino Unido",
    "GR": "Greece Griechenland Grèce Grecia",
    "HU": "Hungary Ungarn Hongrie Hungría",
    "IE": "Ireland Irland Irlande Irlanda",
    "IL": "Israel Israël",
    "IN": "India Indien Inde",
    "IT": "Italy Italien Italie Italia",
    "JP": "Japan Japon Japón",
    "LU": "Luxembourg Luxemburg Luxemburgo",
    "MX": "Mexico Mexiko Mexique México",
    "NL": "Netherlands|The Netherlands|Holland|Niederlande|Pays-Bas|Países Bajos",
    "NO": "Norway Norwegen Norvège Noruega",
    "NZ": "New Zealand|Neuseeland|Nouvelle-Zélande|Nueva Zelanda",
    "PL": "Poland Polen Pologne Polonia",
    "PT": "Portugal",
    "RO": "Romania Rumänien Roumanie Rumania",
    "SE": "Sweden Schweden Suède Suecia",
    "SG": "Singapore Singapur Singapour",
    "TR": "Turkey|Türkei|Turquie|Turquía|Türkiye",
    "UA": "Ukraine Ucrania",
    "US": "United States|United States of America|USA|U.S.|U.S.A.|America|Vereinigte Staaten"
    "|États-Unis|Estados Unidos",
    "ZA": "South Africa|Südafrika|Afrique du Sud|Sudáfrica",
}


def _by_name() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, names in _NAMES.items():
        for name in names.split("|") if "|" in names else names.split():
            table[fold(name)] = code
    return table


_BY_NAME = _by_name()


def country_code(value: str) -> str:
    """ "DE", "de", "Germany", "Deutschland" -> "DE"; "" for empty or unknown."""
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    return _BY_NAME.get(fold(value), "")
