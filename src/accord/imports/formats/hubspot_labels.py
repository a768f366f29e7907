"""HubSpot's labels and values: property labels per field as HubSpot has written them
(English, then German, French, Spanish; the first found wins, so specific labels come
before general ones), lifecycle stages, deal outcomes and ticket statuses."""

from __future__ import annotations

from accord.imports.formats.labels import fold, label_table

SYNONYMS = label_table(
    {
        "record_id": (
            "Record ID|Ticket ID|Contact ID|Company ID|Deal ID|Datensatz-ID"
            "|ID de l'enregistrement|ID de registro|hs_object_id|ID"
        ),
        "first_name": "First Name|firstname|Vorname|Prénom|Nombre",
        "last_name": "Last Name|lastname|Nachname|Nom de famille|Nom|Apellidos",
        "email": "Email|E-Mail-Adresse|Adresse e-mail|Correo|Correo electrónico",
        "phone": "Phone Number|Phone|Telefonnummer|Numéro de téléphone|Número de teléfono",
        "job_title": "Job Title|jobtitle|Position|Berufsbezeichnung|Intitulé du poste|Cargo",
        "owner": (
            "Contact owner|Company owner|Deal owner|Ticket owner|HubSpot Owner|Owner"
            "|hubspot_owner_id|Kontaktinhaber|Unternehmensinhaber|Dealinhaber|Ticketinhaber"
            "|Inhaber|Propriétaire du contact|Propriétaire de l'entreprise"
            "|Propriétaire de la transaction|Propietario del contacto"
            "|Propietario de la empresa|Propietario del negocio"
        ),
        "company_id": (
            "Primary Associated Company ID|ID des primär zugeordneten Unternehmens"
            "|ID de l'entreprise associée principale|ID de la empresa asociada principal"
        ),
        "company_ids": (
            "Associated Company IDs|Associated Company ID|associatedcompanyid"
            "|IDs der zugeordneten Unternehmen"
        ),
        "contact_ids": "Associated Contact IDs|Associated Contact ID|IDs der zugeordneten Kontakte",
        "company_name": (
            "Company name|Name|Unternehmensname|Firmenname|Nom de l'entreprise|Nombre de la empresa"
        ),
        "domain": "Company Domain Name|Website URL|domain|Domain-Name des Unternehmens",
        "city": "City|Stadt|Ort|Ville|Ciudad",
        "country": "Country/Region|Country|Land/Region|Land|Pays/Région|Pays|País/Región|País",
        "created_at": (
            "Create Date|Created Date|createdate|Erstellungsdatum|Erstellt am"
            "|Date de création|Fecha de creación"
        ),
        "lifecycle": (
            "Lifecycle Stage|lifecyclestage|Lebenszyklusphase|Phase du cycle de vie"
            "|Etapa del ciclo de vida"
        ),
        "lead_status": "Lead Status|hs_lead_status|Lead-Status|Statut du lead|Estado del lead",
        "deal_name": (
            "Deal Name|dealname|Dealname|Deal-Name|Nom de la transaction|Nombre del negocio"
        ),
        "deal_stage": (
            "Deal Stage|dealstage|Deal-Phase|Dealphase|Phase de la transaction|Etapa del negocio"
        ),
        "is_won": "Is Closed Won|hs_is_closed_won|Is closed won",
        "close_date": (
            "Close Date|closedate|Abschlussdatum|Date de fermeture|Fecha de cierre|Closed date"
        ),
        "amount": "Amount|Betrag|Montant|Importe|Amount in company currency",
        "currency": "Currency|Deal currency code|deal_currency_code|Währung|Devise|Moneda",
        "ticket_name": "Ticket name|subject|Ticketname|Ticket-Name|Nom du ticket|Nombre del ticket",
        "ticket_status": (
            "Ticket status|hs_pipeline_stage|Ticketstatus|Ticket-Status|Statut du ticket"
            "|Estado del ticket"
        ),
        "ticket_body": (
            "Ticket description|Description|content|Ticketbeschreibung|Beschreibung"
            "|Description du ticket|Descripción del ticket"
        ),
        "ticket_source": "Source|Ticket source|source_type|Quelle|Origine|Origen",
    }
)

# Lifecycle stage (label or internal value) -> Accord stage; unknown ones are prospects.
LIFECYCLE_STAGES = {
    fold(label): stage
    for stage, labels in {
        "prospect": "subscriber|lead|marketingqualifiedlead|Marketing Qualified Lead|MQL"
        "|salesqualifiedlead|Sales Qualified Lead|SQL|opportunity|other|Abonnent"
        "|Marketingqualifizierter Lead|Vertriebsqualifizierter Lead|Verkaufschance|Andere"
        "|Abonné|Opportunité|Autre|Suscriptor|Oportunidad|Otro",
        "active": "customer|evangelist|Kunde|Evangelist|Client|Cliente|Évangéliste|Evangelista",
        "departed": "former customer|churned|Ehemaliger Kunde|Ancien client|Excliente",
    }.items()
    for label in labels.split("|")
}

# Folded deal-stage words that mean the deal is closed won or lost; others are open.
WON_WORDS = ("closedwon", "won", "gewonnen", "gagne", "ganado", "ganada")
LOST_WORDS = ("closedlost", "lost", "verloren", "perdu", "perdido", "perdida")

# Ticket pipeline stage -> request status; anything else is open.
TICKET_STATUSES = {
    fold(label): status
    for status, labels in {
        "answered": "Waiting on contact|Wartet auf Kontakt|En attente du contact"
        "|Esperando al contacto|3",
        "resolved": "Closed|Geschlossen|Fermé|Cerrado|4",
    }.items()
    for label in labels.split("|")
}
TICKET_SOURCES = {"email": "email", "chat": "chat", "phone": "call", "form": "portal"}
