"""HubSpot's labels and values: property labels per field as HubSpot has written them
(English, then German, French, Spanish; the first found wins, so specific labels come
before general ones), lifecycle stages, deal outcomes and ticket statuses."""

from __future__ import annotations

from accord.imports.formats.labels import fold, label_table

SYNONYMS = label_table(
    {
        "record_id": (
            "Record ID|Ticket ID|Contact ID|Company ID|Deal ID|Activity ID|Engagement ID"
            "|Datensatz-ID|ID de l'enregistrement|ID de registro|ID do registro|ID do registo"
            "|Record-ID|Recordnummer|hs_object_id|ID"
        ),
        "first_name": "First Name|firstname|Vorname|Prénom|Nombre|Primeiro nome|Nome|Voornaam",
        "last_name": (
            "Last Name|lastname|Nachname|Nom de famille|Nom|Apellidos|Apellido|Sobrenome"
            "|Último nome|Achternaam"
        ),
        "email": (
            "Email|E-mail|Email Address|E-Mail-Adresse|E-Mail|Adresse e-mail|Correo"
            "|Correo electrónico|E-mail address|Endereço de e-mail|E-mailadres"
        ),
        "phone": (
            "Phone Number|Phone|Telefonnummer|Numéro de téléphone|Número de teléfono"
            "|Número de telefone|Telefone|Telefoonnummer"
        ),
        "job_title": (
            "Job Title|jobtitle|Position|Berufsbezeichnung|Intitulé du poste|Cargo"
            "|Título do cargo|Functie|Functietitel"
        ),
        "owner": (
            "Contact owner|Company owner|Deal owner|Ticket owner|Activity assigned to"
            "|Assigned to|HubSpot Owner|Owner|hubspot_owner_id|Kontaktinhaber"
            "|Unternehmensinhaber|Dealinhaber|Deal-Inhaber|Ticketinhaber|Ticket-Inhaber"
            "|Aktivität zugewiesen an|Zugewiesen an|Inhaber"
            "|Propriétaire du contact|Propriétaire de l'entreprise"
            "|Propriétaire de la transaction|Propriétaire du ticket|Activité attribuée à"
            "|Attribué à|Propietario del contacto|Propietario de la empresa"
            "|Propietario del negocio|Propietario del ticket|Actividad asignada a|Asignado a"
            "|Proprietário do contato|Proprietário da empresa|Proprietário do negócio"
            "|Proprietário do ticket|Atividade atribuída a|Atribuído a|Eigenaar contactpersoon"
            "|Eigenaar van contactpersoon|Bedrijfseigenaar|Eigenaar van bedrijf|Eigenaar deal"
            "|Eigenaar van deal|Eigenaar ticket|Eigenaar van ticket|Activiteit toegewezen aan"
            "|Toegewezen aan|Eigenaar"
        ),
        "company_id": (
            "Primary Associated Company ID|Primary Associated Company IDs"
            "|ID des primär zugeordneten Unternehmens|ID de l'entreprise associée principale"
            "|ID de la empresa asociada principal|ID da empresa associada principal"
            "|ID primair gekoppeld bedrijf"
        ),
        "company_ids": (
            "Associated Company IDs|Associated Company ID|Associated Company IDs (Primary)"
            "|associatedcompanyid|IDs der zugeordneten Unternehmen"
            "|ID der zugeordneten Unternehmen|IDs des entreprises associées"
            "|IDs de empresas asociadas|IDs de empresas associadas|Gekoppelde bedrijfs-ID's"
        ),
        "contact_ids": (
            "Associated Contact IDs|Associated Contact ID|IDs der zugeordneten Kontakte"
            "|IDs des contacts associés|IDs de contactos asociados|IDs de contatos associados"
            "|Gekoppelde contactpersoon-ID's"
        ),
        # Association columns naming the records ("Acme GmbH", "Anna Schmidt (a@b.de)").
        "company_names": (
            "Associated Company|Associated Companies|Zugeordnetes Unternehmen"
            "|Zugeordnete Unternehmen|Entreprise associée|Entreprises associées"
            "|Empresa asociada|Empresas asociadas|Empresa associada|Empresas associadas"
            "|Gekoppeld bedrijf|Gekoppelde bedrijven"
        ),
        "contact_names": (
            "Associated Contact|Associated Contacts|Zugeordneter Kontakt|Zugeordnete Kontakte"
            "|Contact associé|Contacts associés|Contacto asociado|Contactos asociados"
            "|Contato associado|Contatos associados|Gekoppelde contactpersoon"
            "|Gekoppelde contactpersonen"
        ),
        "company_name": (
            "Company name|Name|Unternehmensname|Firmenname|Nom de l'entreprise"
            "|Nombre de la empresa|Nome da empresa|Bedrijfsnaam"
        ),
        "domain": (
            "Company Domain Name|Website URL|domain|Domain-Name des Unternehmens"
            "|Nom de domaine de l'entreprise|Nombre de dominio de la empresa"
            "|Nome de domínio da empresa|Domeinnaam bedrijf"
        ),
        "city": "City|Stadt|Ort|Ville|Ciudad|Cidade|Plaats|Stad",
        "country": (
            "Country/Region|Country|Land/Region|Land|Pays/Région|Pays|País/Región|País"
            "|País/Região|Land/regio"
        ),
        "created_at": (
            "Create Date|Created Date|createdate|hs_createdate|Erstellungsdatum|Erstellt am"
            "|Date de création|Fecha de creación|Data de criação|Aanmaakdatum"
        ),
        "lifecycle": (
            "Lifecycle Stage|lifecyclestage|Lebenszyklusphase|Phase du cycle de vie"
            "|Etapa del ciclo de vida|Fase do ciclo de vida|Levenscyclusfase"
        ),
        "lead_status": (
            "Lead Status|hs_lead_status|Lead-Status|Statut du lead|Estado del lead"
            "|Status do lead|Leadstatus"
        ),
        "deal_name": (
            "Deal Name|dealname|Dealname|Deal-Name|Nom de la transaction|Nombre del negocio"
            "|Nome do negócio|Dealnaam"
        ),
        "deal_stage": (
            "Deal Stage|dealstage|Deal-Phase|Dealphase|Phase de la transaction"
            "|Etapa del negocio|Fase do negócio|Etapa do negócio|Dealfase"
        ),
        "is_won": "Is Closed Won|hs_is_closed_won|Is closed won",
        "close_date": (
            "Close Date|closedate|Abschlussdatum|Date de fermeture|Fecha de cierre"
            "|Closed date|Data de fechamento|Sluitingsdatum"
        ),
        "amount": "Amount|Betrag|Montant|Importe|Valor|Bedrag|Amount in company currency",
        "currency": (
            "Currency|Deal currency code|deal_currency_code|Währung|Devise|Moneda|Moeda|Valuta"
        ),
        "ticket_name": (
            "Ticket name|subject|Ticketname|Ticket-Name|Nom du ticket|Nombre del ticket"
            "|Nome do ticket|Ticketnaam"
        ),
        "ticket_status": (
            "Ticket status|hs_pipeline_stage|Ticketstatus|Ticket-Status|Statut du ticket"
            "|Estado del ticket|Status do ticket"
        ),
        "ticket_body": (
            "Ticket description|Description|content|Ticketbeschreibung|Beschreibung"
            "|Description du ticket|Descripción del ticket|Descrição do ticket"
            "|Ticketbeschrijving"
        ),
        "ticket_source": "Source|Ticket source|source_type|Quelle|Origine|Origen|Origem|Bron",
        # Activity exports (calls, meetings, notes, emails, tasks).
        "activity_type": (
            "Activity type|Engagement type|hs_activity_type|hs_engagement_type|Aktivitätstyp"
            "|Type d'activité|Tipo de actividad|Tipo de atividade|Activiteitstype"
        ),
        "activity_date": (
            "Activity date|hs_timestamp|Aktivitätsdatum|Date de l'activité"
            "|Fecha de actividad|Fecha de la actividad|Data da atividade|Activiteitsdatum"
        ),
        "call_title": (
            "Call Title|hs_call_title|Anruftitel|Titel des Anrufs|Titre de l'appel"
            "|Título de la llamada|Título da chamada|Titel van gesprek|Gesprekstitel"
        ),
        "call_body": (
            "Call notes|hs_call_body|Anrufnotizen|Notizen zum Anruf|Notes d'appel"
            "|Notes de l'appel|Notas de llamada|Notas de la llamada|Notas da chamada"
            "|Gespreksnotities"
        ),
        "call_direction": (
            "Call direction|hs_call_direction|Anrufrichtung|Direction de l'appel"
            "|Dirección de la llamada|Direção da chamada|Richting van gesprek|Gespreksrichting"
        ),
        "meeting_title": (
            "Meeting name|Meeting Title|hs_meeting_title|Name des Meetings|Meetingname"
            "|Nom de la réunion|Nombre de la reunión|Nome da reunião|Naam van vergadering"
            "|Vergadernaam"
        ),
        "meeting_body": (
            "Meeting description|hs_meeting_body|Meeting-Beschreibung|Beschreibung des Meetings"
            "|Description de la réunion|Descripción de la reunión|Descrição da reunião"
            "|Beschrijving van vergadering"
        ),
        "meeting_start": (
            "Meeting start time|hs_meeting_start_time|Startzeit des Meetings"
            "|Heure de début de la réunion|Hora de inicio de la reunión"
            "|Hora de início da reunião|Starttijd van vergadering"
        ),
        "note_body": (
            "Note body|hs_note_body|Notizinhalt|Notiztext|Corps de la note|Cuerpo de la nota"
            "|Corpo da nota|Notitietekst|Hoofdtekst van notitie"
        ),
        "email_subject": (
            "Email subject|hs_email_subject|E-Mail-Betreff|Objet de l'e-mail"
            "|Asunto del correo|Asunto del correo electrónico|Assunto do e-mail"
            "|Onderwerp van e-mail|E-mailonderwerp"
        ),
        "email_body": (
            "Email body|Email text|hs_email_text|Email body (text)|E-Mail-Text|Text der E-Mail"
            "|Corps de l'e-mail|Texte de l'e-mail|Cuerpo del correo"
            "|Cuerpo del correo electrónico|Corpo do e-mail|Tekst van e-mail"
        ),
        "email_direction": (
            "Email direction|hs_email_direction|E-Mail-Richtung|Direction de l'e-mail"
            "|Dirección del correo electrónico|Direção do e-mail|Richting van e-mail"
        ),
        "task_title": (
            "Task Title|Task name|hs_task_subject|Aufgabentitel|Titel der Aufgabe"
            "|Titre de la tâche|Título de la tarea|Título da tarefa|Taaktitel"
        ),
        "task_body": (
            "Task notes|Notes|hs_task_body|Aufgabennotizen|Notizen|Notes de la tâche"
            "|Notas de la tarea|Notas da tarefa|Taaknotities"
        ),
        "task_status": (
            "Task status|hs_task_status|Aufgabenstatus|Status der Aufgabe|Statut de la tâche"
            "|Estado de la tarea|Status da tarefa|Taakstatus"
        ),
        "task_type": (
            "Task type|hs_task_type|Aufgabentyp|Type de tâche|Tipo de tarea|Tipo de tarefa|Taaktype"
        ),
        "completed_at": (
            "Completed at|Task completed at|hs_task_completion_date|Abgeschlossen am"
            "|Terminée le|Completada el|Concluída em|Voltooid op"
        ),
    }
)

# Lifecycle stage (label or internal value) -> Accord stage; unknown ones are prospects.
LIFECYCLE_STAGES = {
    fold(label): stage
    for stage, labels in {
        "prospect": "subscriber|lead|marketingqualifiedlead|Marketing Qualified Lead|MQL"
        "|salesqualifiedlead|Sales Qualified Lead|SQL|opportunity|other|Abonnent"
        "|Marketingqualifizierter Lead|Vertriebsqualifizierter Lead|Verkaufschance|Andere"
        "|Abonné|Opportunité|Autre|Suscriptor|Oportunidad|Otro|Assinante|Oportunidade"
        "|Outro|Abonnee|Kans|Anders",
        "active": "customer|evangelist|Kunde|Evangelist|Client|Cliente|Évangéliste|Evangelista"
        "|Klant",
        "departed": "former customer|churned|Ehemaliger Kunde|Ancien client|Excliente"
        "|Antiguo cliente|Ex-cliente|Antigo cliente|Voormalige klant",
    }.items()
    for label in labels.split("|")
}

# Folded deal-stage words that mean the deal is closed won or lost; others are open.
WON_WORDS = ("closedwon", "won", "gewonnen", "gagne", "ganado", "ganada", "ganho", "ganha")
LOST_WORDS = ("closedlost", "lost", "verloren", "perdu", "perdido", "perdida")

# Ticket pipeline stage -> request status; anything else is open.
TICKET_STATUSES = {
    fold(label): status
    for status, labels in {
        "answered": "Waiting on contact|Wartet auf Kontakt|En attente du contact"
        "|Esperando al contacto|Aguardando contato|Wachten op contactpersoon|3",
        "resolved": "Closed|Geschlossen|Fermé|Cerrado|Fechado|Gesloten|4",
    }.items()
    for label in labels.split("|")
}
TICKET_SOURCES = {
    fold(label): channel
    for channel, labels in {
        "email": "email|E-Mail|e-mail|Correo electrónico",
        "chat": "chat|Chat|Live chat",
        "call": "phone|Telefon|Téléphone|Teléfono|Telefone|Telefoon",
        "portal": "form|Formular|Formulaire|Formulario|Formulário|Formulier",
    }.items()
    for label in labels.split("|")
}

# Activity type (label or internal value) -> interaction channel.
ACTIVITY_CHANNELS = {
    fold(label): channel
    for channel, labels in {
        "call": "call|calls|Anruf|Appel|Llamada|Chamada|Gesprek|Oproep",
        "meeting": "meeting|meetings|Meeting|Réunion|Reunión|Reunião|Vergadering|Termin",
        "note": "note|notes|Notiz|Note|Nota|Notitie",
        "email": "email|emails|incoming_email|forwarded_email|E-Mail|E-mail|Correo"
        "|Correo electrónico",
        "chat": "linkedin_message|whatsapp|sms|conversation_session",
        "social": "linkedin|linked_in",
    }.items()
    for label in labels.split("|")
}
# Values of Call direction / Email direction that mean the customer reached out.
INBOUND_WORDS = label_table(
    {"inbound": "inbound|incoming|eingehend|entrant|entrante|recebido|recebida|inkomend"}
)["inbound"]
# Task status meaning done; other tasks are still to do and are not imported.
TASK_DONE = {
    fold(label)
    for label in label_table(
        {
            "done": "completed|complete|done|Abgeschlossen|Erledigt|Terminé|Terminée"
            "|Completada|Completado|Concluída|Concluído|Voltooid|Afgerond"
        }
    )["done"]
}
