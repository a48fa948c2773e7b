"""The shapes of VAT numbers by country, in ``core.pattern``'s placeholders: data shared by
``core.vat_number`` and the inference rule for a VAT column with no country beside it
(kept apart so the rule table does not import a generator module at start-up)."""

# The shapes of the VAT numbers of the EU states, the United Kingdom, Switzerland and
# Norway, by ISO 3166 code (Greece's numbers begin EL); core.pattern's placeholders.
VAT_FORMATS: dict[str, str] = {
    "AT": "ATU########", "BE": "BE0#########", "BG": "BG#########", "CH": "CHE#########",
    "CY": "CY########?", "CZ": "CZ########", "DE": "DE#########", "DK": "DK########",
    "EE": "EE#########", "ES": "ES?#######?", "FI": "FI########", "FR": "FR%%#########",
    "GB": "GB#########", "GR": "EL#########", "HR": "HR###########", "HU": "HU########",
    "IE": "IE#######?", "IT": "IT###########", "LT": "LT#########", "LU": "LU########",
    "LV": "LV###########", "MT": "MT########", "NL": "NL#########B0%", "NO": "NO#########",
    "PL": "PL##########", "PT": "PT#########", "RO": "RO########", "SE": "SE##########01",
    "SI": "SI########", "SK": "SK##########",
}  # fmt: skip
