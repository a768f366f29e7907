"""Writes the export fixtures of hubspot_real/ and salesforce_weekly/ (run it by hand after a
change; the tests read the files it wrote, never this script).

Column sets are the ones the products export: HubSpot's default property labels (English,
German, French, Spanish, Portuguese, Dutch as the exporting user's language sets them),
an "all properties" contacts export of about 300 columns, the default .xlsx download,
spreadsheet re-saves (BOM, CRLF, M/D/YYYY, `;`), a UTF-16 tab-separated re-save; the
Salesforce weekly Data Export's field API names per object, ISO-8859-1, booleans 0/1,
`YYYY-MM-DD HH:MM:SS` times, 18-character ids (whose last three characters encode the
case of the first 15) and empty lookups written 000000000000000AAA.

    python tests/data/imports/build_real_exports.py
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
HUBSPOT = HERE / "hubspot_real"
SALESFORCE = HERE / "salesforce_weekly"
SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def sf18(short: str) -> str:
    out = ""
    for start in (0, 5, 10):
        bits = sum(1 << i for i, c in enumerate(short[start : start + 5]) if c.isupper())
        out += SUFFIX[bits]
    return short + out


def write_csv(
    path: Path,
    header: list[str],
    rows: list[dict[str, str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    newline: str = "\n",
    quote_all: bool = True,
) -> None:
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline, quoting=quoting)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    path.write_bytes(buffer.getvalue().encode(encoding))


# HubSpot --------------------------------------------------------------------------------

CONTACT_PROPERTIES = """Record ID|First Name|Last Name|Email|Phone Number|Contact owner
|Primary Associated Company ID|Associated Company IDs|Associated Company|Last Activity Date
|Lead Status|Lifecycle Stage|Create Date|Company Name|Job Title|Mobile Phone Number
|Fax Number|Street Address|City|State/Region|Postal Code|Country/Region|Website URL
|Industry|Annual Revenue|Number of Employees|Time Zone|Preferred language|Persona
|Buying Role|Marital Status|Date of birth|Degree|Field of study|Gender|Graduation date
|School|Seniority|Work email|LinkedIn URL|Twitter Username|Original Source
|Original Source Drill-Down 1|Original Source Drill-Down 2|Latest Source
|Latest Source Drill-Down 1|Latest Source Drill-Down 2|Latest Source Timestamp
|Number of Pageviews|Number of Sessions|First Page Seen|Last Page Seen|First Referring Site
|Last Referring Site|Time First Seen|Time Last Seen|Time of First Session
|Time of Last Session|Average Pageviews|Event Revenue|IP City|IP Country
|IP Country Code|IP State/Region|IP State Code/Region Code|Marketing emails delivered
|Marketing emails opened|Marketing emails clicked|Marketing emails bounced
|Marketing emails replied|Unsubscribed from all email|Email Domain|Email hard bounce reason
|Email Address Quarantined|Email Address Quarantine Reason|Sends Since Last Engagement
|Last marketing email name|Last marketing email send date|Last marketing email open date
|Last marketing email click date|First marketing email send date
|First marketing email open date|First marketing email click date
|First marketing email reply date|Last marketing email reply date|Became a Subscriber Date
|Became a Lead Date|Became a Marketing Qualified Lead Date
|Became a Sales Qualified Lead Date|Became an Opportunity Date|Became a Customer Date
|Became an Evangelist Date|Became an Other Lifecycle Date|Last Modified Date
|Last Contacted|Last Engagement Date|Number of times contacted|Number of Sales Activities
|Next Activity Date|Recent Sales Email Clicked Date|Recent Sales Email Opened Date
|Recent Sales Email Replied Date|Recent Deal Amount|Recent Deal Close Date|Total Revenue
|First Deal Created Date|Number of Associated Deals|Days To Close|Owner Assigned Date
|HubSpot Team|Contact Unworked|Message|Membership Notes|First Conversion
|First Conversion Date|Recent Conversion|Recent Conversion Date|Number of Form Submissions
|Number of Unique Forms Submitted|Legal basis for processing contact's data
|Lead response time|Currently in Sequence|Last sequence enrolled|Last sequence enrolled date
|Last sequence ended date|Recent document revisit date|Last Meeting Booked
|Last Meeting Booked Campaign|Last Meeting Booked Medium|Last Meeting Booked Source
|Likelihood to close|Contact priority|HubSpot Score|Became a Lead Date (Pipeline)
|Facebook click id|Google ad click id|Twitter Profile Photo|Twitter Bio|Twitter Followers
|Facebook Fan|Follower Count|LinkedIn Connections|Klout Score|Associated Deals
|Number of Associated Companies|Record source|Record source detail 1|Object create source
|Created by user ID|Updated by user ID|Merged Contact IDs|Is a contact|Lead Source
|Military status|Relationship status|School name|Job function|Employment Role
|Employment Sub Role|Employment Seniority|Street Address 2|Calculated Mobile Number
|Calculated Phone Number|Phone Number Country Code|Invalid email address
|Email address automated bounced|Cookie Database Status|Opted out of email: Customer Service
|Opted out of email: Marketing Information|Opted out of email: One to One""".replace(
    "\n", ""
).split("|")
# Portal-specific (custom) properties make up the rest of an "all properties" export.
CONTACT_PROPERTIES += [f"Custom field {n}" for n in range(1, 301 - len(CONTACT_PROPERTIES))]


def hubspot() -> None:
    from openpyxl import Workbook

    HUBSPOT.mkdir(exist_ok=True)
    # Companies: the default .xlsx download; owners by name, email and none; real dates.
    book = Workbook()
    sheet = book.active
    sheet.title = "Companies"
    sheet.append(
        [
            "Record ID",
            "Company name",
            "Company owner",
            "Create Date",
            "Phone Number",
            "Last Activity Date",
            "City",
            "Country/Region",
            "Industry",
            "Lifecycle Stage",
            "Company Domain Name",
            "Number of Employees",
        ]
    )
    sheet.append(
        [
            7000001,
            "Bäckerei Krume GmbH",
            "Jana Novak",
            datetime(2022, 11, 3, 9, 15),
            "+49 40 555 0101",
            datetime(2024, 5, 2, 14, 0),
            "Hamburg",
            "Germany",
            "Food & Beverages",
            "Customer",
            "krume.de",
            42,
        ]
    )
    sheet.append(
        [
            7000002,
            "Atelier Lumière SARL",
            "tom@example.com",
            datetime(2023, 4, 18, 16, 40),
            "",
            None,
            "Lyon",
            "France",
            "Design",
            "Opportunity",
            "atelier-lumiere.fr",
            7,
        ]
    )
    sheet.append(
        [
            7000003,
            "Nordic Timber AB",
            None,
            datetime(2021, 1, 12, 8, 0),
            "+46 8 555 0199",
            None,
            "Göteborg",
            "Sweden",
            "Wood",
            "Former customer",
            "nordictimber.se",
            120,
        ]
    )
    book.save(HUBSPOT / "hubspot-crm-exports-all-companies-2024-06-01.xlsx")

    # Contacts: "all properties", 300 columns, native (every field quoted, no BOM).
    people = [
        {
            "Record ID": "801",
            "First Name": "Lena",
            "Last Name": "Krume",
            "Email": "lena@krume.de",
            "Contact owner": "Jana Novak (jana@example.com)",
            "Primary Associated Company ID": "7000001",
            "Associated Company IDs": "7000001",
            "Associated Company": "Bäckerei Krume GmbH",
            "Lifecycle Stage": "Customer",
            "Create Date": "2022-11-03 09:20",
            "Company Name": "Krume",
            "Job Title": "Geschäftsführerin",
            "Original Source": "Offline Sources",
        },
        {
            "Record ID": "802",
            "First Name": "Claire",
            "Last Name": "Dubois",
            "Email": "claire@atelier-lumiere.fr",
            "Contact owner": "Tom Berger",
            # Only the company's name: the association is found by it.
            "Associated Company": "Atelier Lumière SARL",
            "Lifecycle Stage": "Sales Qualified Lead",
            "Create Date": "2023-04-18 16:45",
            "Job Title": "Gérante",
        },
        {
            "Record ID": "803",
            "First Name": "Sam",
            "Last Name": "Patel",
            "Email": "sam.patel@example.net",
            "Phone Number": "+44 20 7946 0958",
            "Contact owner": "tom@example.com",
            "Lifecycle Stage": "customer",
            "Create Date": "2023-09-30 11:05",
            "City": "London",
            "Country/Region": "United Kingdom",
            "Associated Deals": "",
        },
        {
            "Record ID": "804",
            "First Name": "Mia",
            "Last Name": "Lund",
            "Email": "mia@nordictimber.se",
            "Contact owner": "",
            "Associated Company IDs": "7000003;7000001",
            "Associated Company": "Nordic Timber AB;Bäckerei Krume GmbH",
            "Lifecycle Stage": "Former customer",
            "Create Date": "2021-01-12 08:30",
        },
    ]
    write_csv(
        HUBSPOT / "hubspot-crm-exports-all-contacts-2024-06-01.csv", CONTACT_PROPERTIES, people
    )

    # Deals with Portuguese labels, re-saved by a spreadsheet: BOM, CRLF, ";", day-first
    # dates, decimal comma.
    deal_header = [
        "ID do registro",
        "Nome do negócio",
        "Fase do negócio",
        "Data de fechamento",
        "Proprietário do negócio",
        "Valor",
        "Pipeline",
        "IDs de empresas associadas",
        "IDs de contatos associados",
        "Data de criação",
    ]
    deals = [
        ["9101", "Krume \u2013 Jahresvertrag", "Negócio fechado e ganho", "15/03/2024 10:00",
         "Jana Novak", "12.500,50", "Pipeline de vendas", "7000001", "801", "20/01/2024"],
        ["9102", "Lumière piloto", "Negócio fechado e perdido", "28/04/2024", "Tom Berger",
         "3.000", "Pipeline de vendas", "7000002", "802", "19/04/2023"],
        ["9103", "Patel consultoria", "Negócio fechado e ganho", "30/05/2024",
         "tom@example.com", "950", "Pipeline de vendas", "", "803", "13/05/2024"],
        ["9104", "Renovação", "Agendamento de reunião", "30/09/2024", "Jana Novak", "8.000",
         "Pipeline de vendas", "7000001", "", "14/05/2024"],
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(deal_header)
    writer.writerows(deals)
    (HUBSPOT / "negocios.csv").write_bytes(buffer.getvalue().encode("utf-8-sig"))

    # Tickets with Spanish labels; the company by name.
    write_csv(
        HUBSPOT / "tickets_es.csv",
        [
            "ID de registro",
            "Nombre del ticket",
            "Pipeline",
            "Estado del ticket",
            "Fecha de creación",
            "Propietario del ticket",
            "Descripción del ticket",
            "Origen",
            "Fecha de cierre",
            "Empresa asociada",
            "IDs de contactos asociados",
        ],
        [
            {
                "ID de registro": "6601",
                "Nombre del ticket": "Factura duplicada",
                "Pipeline": "Soporte",
                "Estado del ticket": "Cerrado",
                "Fecha de creación": "2024-05-03 08:15",
                "Propietario del ticket": "Jana Novak",
                "Descripción del ticket": "<p>La factura 2024-031 llegó <b>dos veces</b>.</p>",
                "Origen": "Correo electrónico",
                "Fecha de cierre": "2024-05-04 12:00",
                "Empresa asociada": "Bäckerei Krume GmbH",
            },
            {
                "ID de registro": "6602",
                "Nombre del ticket": "Cambio de dirección",
                "Pipeline": "Soporte",
                "Estado del ticket": "Nuevo",
                "Fecha de creación": "2024-05-20 17:02",
                "Propietario del ticket": "",
                "Origen": "Chat",
                "IDs de contactos asociados": "803",
            },
        ],
    )

    # Activity exports: calls (English, associations by name), meetings (Dutch), emails
    # (German), notes (French, a UTF-16 tab-separated re-save), tasks (English re-save).
    write_csv(
        HUBSPOT / "calls.csv",
        [
            "Record ID",
            "Call Title",
            "Activity date",
            "Activity assigned to",
            "Call notes",
            "Call direction",
            "Call outcome",
            "Call duration (HH:mm:ss)",
            "Call status",
            "Create Date",
            "Associated Contact",
            "Associated Company",
            "Associated Deal",
        ],
        [
            {
                "Record ID": "40001",
                "Call Title": "Quarterly review",
                "Activity date": "2024-05-02 14:00",
                "Activity assigned to": "Jana Novak (jana@example.com)",
                "Call notes": "<p>Asked about <strong>pricing</strong> for 2025.</p>",
                "Call direction": "Outbound",
                "Call outcome": "Connected",
                "Call duration (HH:mm:ss)": "00:23:10",
                "Call status": "Completed",
                "Create Date": "2024-05-02 14:25",
                "Associated Contact": "Lena Krume (lena@krume.de)",
            },
            {
                "Record ID": "40002",
                "Call Title": "",
                "Activity date": "2024-05-06 09:30",
                "Activity assigned to": "Tom Berger",
                "Call notes": "Called back about the pilot.",
                "Call direction": "Inbound",
                "Call outcome": "Connected",
                "Call status": "Completed",
                "Create Date": "2024-05-06 09:40",
                "Associated Company": "Atelier Lumière SARL",
            },
        ],
    )
    write_csv(
        HUBSPOT / "vergaderingen.csv",
        [
            "Record-ID",
            "Naam van vergadering",
            "Beschrijving van vergadering",
            "Starttijd van vergadering",
            "Activiteitsdatum",
            "Activiteit toegewezen aan",
            "Gekoppelde bedrijfs-ID's",
            "Gekoppelde contactpersoon-ID's",
        ],
        [
            {
                "Record-ID": "50001",
                "Naam van vergadering": "Jaarplanning",
                "Beschrijving van vergadering": "Planning 2025 met Lena.",
                "Starttijd van vergadering": "2024-06-10 10:00",
                "Activiteitsdatum": "2024-06-10 10:00",
                "Activiteit toegewezen aan": "jana@example.com",
                "Gekoppelde bedrijfs-ID's": "7000001",
                "Gekoppelde contactpersoon-ID's": "801",
            }
        ],
    )
    write_csv(
        HUBSPOT / "emails_de.csv",
        [
            "Datensatz-ID",
            "E-Mail-Betreff",
            "E-Mail-Text",
            "E-Mail-Richtung",
            "Aktivitätsdatum",
            "Aktivität zugewiesen an",
            "IDs der zugeordneten Kontakte",
        ],
        [
            {
                "Datensatz-ID": "60001",
                "E-Mail-Betreff": "Re: Angebot 2025",
                "E-Mail-Text": "Danke, wir sind einverstanden.",
                "E-Mail-Richtung": "Eingehende E-Mail",
                "Aktivitätsdatum": "2024-06-12 08:05",
                "Aktivität zugewiesen an": "Jana Novak",
                # A contact of a company: the email lands on the company.
                "IDs der zugeordneten Kontakte": "801",
            },
            {
                "Datensatz-ID": "60002",
                "E-Mail-Betreff": "Your consultation",
                "E-Mail-Text": "Summary attached.",
                "E-Mail-Richtung": "Von CRM gesendete E-Mail",
                "Aktivitätsdatum": "2024-06-13 15:30",
                "Aktivität zugewiesen an": "Tom Berger",
                # A contact without a company is a person customer of that id.
                "IDs der zugeordneten Kontakte": "803",
            },
        ],
    )
    write_csv(
        HUBSPOT / "notes_fr.txt",
        [
            "ID de l'enregistrement",
            "Corps de la note",
            "Date de l'activité",
            "Activité attribuée à",
            "Entreprises associées",
        ],
        [
            {
                "ID de l'enregistrement": "70001",
                "Corps de la note": "<div>Rencontrée au salon Maison&amp;Objet.</div>"
                "<div>Veut un devis.</div>",
                "Date de l'activité": "2024-01-22 11:00",
                "Activité attribuée à": "Tom Berger",
                "Entreprises associées": "Atelier Lumière SARL",
            }
        ],
        encoding="utf-16",
        delimiter="\t",
        newline="\r\n",
        quote_all=False,
    )
    task_header = [
        "Record ID",
        "Task Title",
        "Task status",
        "Task type",
        "Priority",
        "Due date",
        "Activity assigned to",
        "Notes",
        "Completed at",
        "Associated Contact IDs",
        "Associated Company IDs",
    ]
    tasks = [
        ["80001", "Call back about delivery", "Completed", "Call", "High",
         "5/14/2024 5:00 PM", "Tom Berger", "Left a message, then reached her.",
         "5/14/2024 4:12 PM", "", "7000002"],
        ["80002", "Send contract", "Not started", "Email", "None", "7/1/2024 9:00 AM",
         "Jana Novak", "", "", "801", "7000001"],
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(task_header)
    writer.writerows(tasks)
    (HUBSPOT / "tasks.csv").write_bytes(buffer.getvalue().encode("utf-8-sig"))


# Salesforce -----------------------------------------------------------------------------


def api_names(text: str) -> list[str]:
    return text.split(",")


ACCOUNT = api_names(
    "Id,IsDeleted,MasterRecordId,Name,LastName,FirstName,Salutation,Type,RecordTypeId,"
    "ParentId,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,"
    "BillingLatitude,BillingLongitude,BillingGeocodeAccuracy,ShippingStreet,ShippingCity,"
    "ShippingState,ShippingPostalCode,ShippingCountry,ShippingLatitude,ShippingLongitude,"
    "ShippingGeocodeAccuracy,Phone,Fax,AccountNumber,Website,PhotoUrl,Sic,Industry,"
    "AnnualRevenue,NumberOfEmployees,Ownership,TickerSymbol,Description,Rating,Site,"
    "CurrencyIsoCode,OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,"
    "SystemModstamp,LastActivityDate,LastViewedDate,LastReferencedDate,PersonContactId,"
    "IsPersonAccount,PersonMailingStreet,PersonMailingCity,PersonMailingState,"
    "PersonMailingPostalCode,PersonMailingCountry,PersonMobilePhone,PersonHomePhone,"
    "PersonEmail,PersonTitle,PersonBirthdate,PersonLeadSource,PersonHasOptedOutOfEmail,"
    "Jigsaw,JigsawCompanyId,CleanStatus,AccountSource,DunsNumber,Tradestyle,NaicsCode,"
    "NaicsDesc,YearStarted,SicDesc,DandbCompanyId,OperatingHoursId,CustomerPriority__c,"
    "SLA__c,Active__c,NumberofLocations__c,UpsellOpportunity__c,SLASerialNumber__c,"
    "SLAExpirationDate__c"
)
CONTACT = api_names(
    "Id,IsDeleted,MasterRecordId,AccountId,IsPersonAccount,LastName,FirstName,Salutation,"
    "Name,OtherStreet,OtherCity,OtherState,OtherPostalCode,OtherCountry,MailingStreet,"
    "MailingCity,MailingState,MailingPostalCode,MailingCountry,MailingLatitude,"
    "MailingLongitude,MailingGeocodeAccuracy,Phone,Fax,MobilePhone,HomePhone,OtherPhone,"
    "AssistantPhone,ReportsToId,Email,Title,Department,AssistantName,LeadSource,Birthdate,"
    "Description,CurrencyIsoCode,OwnerId,HasOptedOutOfEmail,HasOptedOutOfFax,DoNotCall,"
    "CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,"
    "LastActivityDate,LastCURequestDate,LastCUUpdateDate,LastViewedDate,LastReferencedDate,"
    "EmailBouncedReason,EmailBouncedDate,IsEmailBounced,PhotoUrl,Jigsaw,JigsawContactId,"
    "CleanStatus,IndividualId,Level__c,Languages__c"
)
LEAD = api_names(
    "Id,IsDeleted,MasterRecordId,LastName,FirstName,Salutation,Name,Title,Company,Street,"
    "City,State,PostalCode,Country,Latitude,Longitude,GeocodeAccuracy,Phone,MobilePhone,Fax,"
    "Email,Website,PhotoUrl,Description,LeadSource,Status,Industry,Rating,CurrencyIsoCode,"
    "AnnualRevenue,NumberOfEmployees,OwnerId,HasOptedOutOfEmail,IsConverted,ConvertedDate,"
    "ConvertedAccountId,ConvertedContactId,ConvertedOpportunityId,IsUnreadByOwner,"
    "CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,"
    "LastActivityDate,DoNotCall,HasOptedOutOfFax,LastViewedDate,LastReferencedDate,"
    "Jigsaw,JigsawContactId,CleanStatus,CompanyDunsNumber,DandbCompanyId,"
    "EmailBouncedReason,EmailBouncedDate,IndividualId,SICCode__c,ProductInterest__c,"
    "Primary__c,CurrentGenerators__c,NumberofLocations__c"
)
OPPORTUNITY = api_names(
    "Id,IsDeleted,AccountId,RecordTypeId,IsPrivate,Name,Description,StageName,Amount,"
    "Probability,ExpectedRevenue,TotalOpportunityQuantity,CloseDate,Type,NextStep,"
    "LeadSource,IsClosed,IsWon,ForecastCategory,ForecastCategoryName,CurrencyIsoCode,"
    "CampaignId,HasOpportunityLineItem,Pricebook2Id,OwnerId,CreatedDate,CreatedById,"
    "LastModifiedDate,LastModifiedById,SystemModstamp,LastActivityDate,FiscalQuarter,"
    "FiscalYear,Fiscal,ContactId,LastViewedDate,LastReferencedDate,HasOpenActivity,"
    "HasOverdueTask,DeliveryInstallationStatus__c,TrackingNumber__c,OrderNumber__c,"
    "CurrentGenerators__c,MainCompetitors__c"
)
CASE = api_names(
    "Id,IsDeleted,MasterRecordId,CaseNumber,ContactId,AccountId,AssetId,ParentId,"
    "SuppliedName,SuppliedEmail,SuppliedPhone,SuppliedCompany,Type,RecordTypeId,Status,"
    "Reason,Origin,Subject,Priority,Description,IsClosed,ClosedDate,IsEscalated,"
    "CurrencyIsoCode,OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,"
    "SystemModstamp,ContactPhone,ContactMobile,ContactEmail,ContactFax,Comments,"
    "LastViewedDate,LastReferencedDate,EngineeringReqNumber__c,SLAViolation__c,Product__c,"
    "PotentialLiability__c"
)
TASK = api_names(
    "Id,WhoId,WhatId,WhoCount,WhatCount,Subject,ActivityDate,Status,Priority,"
    "IsHighPriority,OwnerId,Description,CurrencyIsoCode,Type,IsDeleted,AccountId,IsClosed,"
    "CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,IsArchived,"
    "CallDurationInSeconds,CallType,CallDisposition,CallObject,ReminderDateTime,"
    "IsReminderSet,RecurrenceActivityId,IsRecurrence,RecurrenceStartDateOnly,"
    "RecurrenceEndDateOnly,RecurrenceTimeZoneSidKey,RecurrenceType,RecurrenceInterval,"
    "RecurrenceDayOfWeekMask,RecurrenceDayOfMonth,RecurrenceInstance,RecurrenceMonthOfYear,"
    "RecurrenceRegeneratedType,TaskSubtype,CompletedDateTime"
)
EVENT = api_names(
    "Id,WhoId,WhatId,WhoCount,WhatCount,Subject,Location,IsAllDayEvent,ActivityDateTime,"
    "ActivityDate,DurationInMinutes,StartDateTime,EndDateTime,EndDate,Description,AccountId,"
    "OwnerId,CurrencyIsoCode,Type,IsPrivate,ShowAs,IsDeleted,IsChild,IsGroupEvent,"
    "GroupEventType,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,"
    "SystemModstamp,IsArchived,RecurrenceActivityId,IsRecurrence,RecurrenceStartDateTime,"
    "RecurrenceEndDateOnly,RecurrenceTimeZoneSidKey,RecurrenceType,RecurrenceInterval,"
    "RecurrenceDayOfWeekMask,RecurrenceDayOfMonth,RecurrenceInstance,RecurrenceMonthOfYear,"
    "ReminderDateTime,IsReminderSet,EventSubtype,IsRecurrence2Exclusion,IsRecurrence2,"
    "IsRecurrence2Exception,Recurrence2PatternVersion,Recurrence2PatternText"
)
USER = api_names(
    "Id,Username,LastName,FirstName,MiddleName,Suffix,Name,CompanyName,Division,Department,"
    "Title,Street,City,State,PostalCode,Country,Email,EmailPreferencesAutoBcc,SenderEmail,"
    "SenderName,Signature,Phone,Fax,MobilePhone,Alias,CommunityNickname,IsActive,"
    "TimeZoneSidKey,UserRoleId,LocaleSidKey,ReceivesInfoEmails,EmailEncodingKey,ProfileId,"
    "UserType,LanguageLocaleKey,EmployeeNumber,DelegatedApproverId,ManagerId,"
    "LastLoginDate,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,"
    "SystemModstamp,FederationIdentifier,CallCenterId,Extension,IsProfilePhotoActive"
)
PRODUCT = api_names(
    "Id,Name,ProductCode,Description,IsActive,CreatedDate,CreatedById,LastModifiedDate,"
    "LastModifiedById,SystemModstamp,Family,CurrencyIsoCode,IsDeleted,LastViewedDate,"
    "LastReferencedDate"
)

EMPTY = "000000000000000AAA"
JANA, TOM, QUEUE = sf18("0058d000001JnvA"), sf18("0058d000001TbrG"), sf18("00G8d000000SupQ")
ACC = {n: sf18(f"0018d00000Q{n}x") for n in ("A1b", "B2c", "C3d", "D4e", "Z9z")}
CON = {n: sf18(f"0038d00000C{n}p") for n in ("A1b", "B2c", "P4p")}


def salesforce() -> None:
    SALESFORCE.mkdir(exist_ok=True)
    stamp = "2024-05-31 22:00:00"

    def audit(owner: str, created: str) -> dict[str, str]:
        return {
            "OwnerId": owner,
            "CreatedDate": created,
            "CreatedById": owner,
            "LastModifiedDate": stamp,
            "LastModifiedById": owner,
            "SystemModstamp": stamp,
            "IsDeleted": "0",
        }

    def write(name: str, header: list[str], rows: list[dict[str, str]]) -> None:
        write_csv(SALESFORCE / f"{name}.csv", header, rows, encoding="iso-8859-1")

    write(
        "User",
        USER,
        [
            {"Id": JANA, "Username": "jana@example.com.acme", "LastName": "Novak",
             "FirstName": "Jana", "Name": "Jana Novak", "Email": "jana@example.com",
             "IsActive": "1", "UserType": "Standard", "CreatedDate": "2019-03-01 08:00:00"},
            {"Id": TOM, "Username": "tom@example.com.acme", "LastName": "Berger",
             "FirstName": "Tom", "Name": "Tom Berger", "Email": "tom@example.com",
             "IsActive": "1", "UserType": "Standard", "CreatedDate": "2019-03-01 08:00:00"},
        ],
    )  # fmt: skip
    write(
        "Account",
        ACCOUNT,
        [
            {**audit(JANA, "2021-02-03 10:11:12"), "Id": ACC["A1b"],
             "Name": "Brasserie Élan S.A.", "Type": "Customer - Direct",
             "BillingCity": "Liège", "BillingCountry": "Belgium", "Phone": "+32 4 555 01 01",
             "IsPersonAccount": "0", "CurrencyIsoCode": "EUR", "Industry": "Hospitality"},
            {**audit(TOM, "2022-07-01 09:00:00"), "Id": ACC["B2c"], "Name": "Grünwald KG",
             "Type": "Prospect", "BillingCity": "Köln", "BillingCountry": "Germany",
             "IsPersonAccount": "0"},
            # A person account: a person customer, its email and city in Person* fields.
            {**audit(TOM, "2023-01-15 14:30:00"), "Id": ACC["C3d"], "Name": "Inès Fabre",
             "FirstName": "Inès", "LastName": "Fabre", "Salutation": "Ms.",
             "IsPersonAccount": "1", "PersonContactId": CON["P4p"],
             "PersonEmail": "ines.fabre@example.fr", "PersonMailingCity": "Nîmes",
             "PersonMailingCountry": "France", "Type": "Customer"},
            {**audit(JANA, "2020-05-05 05:05:05"), "Id": ACC["D4e"],
             "Name": "Old Mill Ltd", "Type": "Former Customer", "BillingCountry": "Ireland",
             "IsPersonAccount": "0", "MasterRecordId": ""},
            # Deleted (in the recycle bin when the export ran): skipped and counted.
            {**audit(JANA, "2020-01-01 00:00:00"), "Id": ACC["Z9z"], "Name": "Doublon SARL",
             "IsDeleted": "1", "IsPersonAccount": "0"},
        ],
    )  # fmt: skip
    write(
        "Contact",
        CONTACT,
        [
            {**audit(JANA, "2021-02-03 10:20:00"), "Id": CON["A1b"], "AccountId": ACC["A1b"],
             "IsPersonAccount": "0", "FirstName": "Noé", "LastName": "Lambert",
             "Name": "Noé Lambert", "Email": "noe@brasserie-elan.be", "Title": "Gérant",
             "MailingCity": "Liège"},
            # No account: an empty lookup written as 000000000000000AAA -> a person customer.
            {**audit(TOM, "2023-03-03 12:00:00"), "Id": CON["B2c"], "AccountId": EMPTY,
             "IsPersonAccount": "0", "FirstName": "Björn", "LastName": "Åberg",
             "Name": "Björn Åberg", "Email": "bjorn@example.se", "MailingCountry": "Sweden"},
            # The contact side of the person account: not a second record.
            {**audit(TOM, "2023-01-15 14:30:00"), "Id": CON["P4p"], "AccountId": ACC["C3d"],
             "IsPersonAccount": "1", "FirstName": "Inès", "LastName": "Fabre",
             "Name": "Inès Fabre", "Email": "ines.fabre@example.fr"},
        ],
    )  # fmt: skip
    write(
        "Lead",
        LEAD,
        [
            {**audit(TOM, "2024-02-02 10:00:00"), "Id": sf18("00Q8d00000Ld01aB"[:15]),
             "FirstName": "Zoë", "LastName": "Hart", "Name": "Zoë Hart", "Company": "Hart Co",
             "Email": "zoe@hart.example", "Status": "Working - Contacted",
             "IsConverted": "0", "Country": "United States"},
            {**audit(JANA, "2021-01-20 10:00:00"), "Id": sf18("00Q8d00000Ld02cD"[:15]),
             "FirstName": "Noé", "LastName": "Lambert", "Name": "Noé Lambert",
             "Company": "Brasserie Élan", "Status": "Closed - Converted", "IsConverted": "1",
             "ConvertedAccountId": ACC["A1b"], "ConvertedContactId": CON["A1b"],
             "ConvertedDate": "2021-02-03"},
        ],
    )  # fmt: skip
    write(
        "Opportunity",
        OPPORTUNITY,
        [
            {**audit(JANA, "2024-01-10 09:00:00"), "Id": sf18("0068d00000Op01aB"[:15]),
             "AccountId": ACC["A1b"], "Name": "Élan - renouvellement", "StageName": "Closed Won",
             "Amount": "18250.75", "CloseDate": "2024-03-28", "IsClosed": "1", "IsWon": "1",
             "CurrencyIsoCode": "EUR", "ForecastCategory": "Closed", "Probability": "100"},
            {**audit(TOM, "2024-03-01 09:00:00"), "Id": sf18("0068d00000Op02cD"[:15]),
             "AccountId": ACC["B2c"], "Name": "Grünwald Pilot", "StageName": "Closed Lost",
             "Amount": "4000", "CloseDate": "2024-04-15", "IsClosed": "1", "IsWon": "0",
             "CurrencyIsoCode": "EUR"},
            {**audit(TOM, "2024-04-01 09:00:00"), "Id": sf18("0068d00000Op03eF"[:15]),
             "AccountId": ACC["C3d"], "Name": "Fabre consulting", "StageName": "Closed Won",
             "Amount": "1200", "CloseDate": "2024-04-30", "IsClosed": "1", "IsWon": "1",
             "CurrencyIsoCode": "EUR"},
            {**audit(JANA, "2024-05-01 09:00:00"), "Id": sf18("0068d00000Op04gH"[:15]),
             "AccountId": ACC["A1b"], "Name": "Élan - extension",
             "StageName": "Proposal/Price Quote",
             "Amount": "5000", "CloseDate": "2024-09-30", "IsClosed": "0", "IsWon": "0"},
        ],
    )  # fmt: skip
    write(
        "Case",
        CASE,
        [
            {**audit(QUEUE, "2024-04-02 07:45:00"), "Id": sf18("5008d00000Cs01aB"[:15]),
             "CaseNumber": "00001027", "ContactId": CON["A1b"], "AccountId": ACC["A1b"],
             "Status": "New", "Origin": "Email", "Subject": "Fût livré percé",
             "Description": "Le fût nº 12 fuit.", "IsClosed": "0", "Priority": "High"},
            {**audit(TOM, "2024-04-20 13:00:00"), "Id": sf18("5008d00000Cs02cD"[:15]),
             "CaseNumber": "00001031", "ContactId": CON["B2c"], "AccountId": EMPTY,
             "Status": "Closed", "Origin": "Phone", "Subject": "Faktura fel",
             "IsClosed": "1", "ClosedDate": "2024-04-22 09:30:00"},
        ],
    )  # fmt: skip
    write(
        "Task",
        TASK,
        [
            # A call logged on the contact, WhatId written in its 15-character form.
            {**audit(JANA, "2024-04-03 15:00:00"), "Id": sf18("00T8d00000Tk01aB"[:15]),
             "WhoId": CON["A1b"], "WhatId": ACC["A1b"][:15], "Subject": "Appel: suivi du fût",
             "ActivityDate": "2024-04-03", "Status": "Completed", "Priority": "Normal",
             "Type": "Call", "TaskSubtype": "Call", "CallType": "Inbound",
             "CallDurationInSeconds": "420", "IsClosed": "1",
             "CompletedDateTime": "2024-04-03 15:07:00", "Description": "Remplacement promis."},
            {**audit(TOM, "2024-04-21 08:00:00"), "Id": sf18("00T8d00000Tk02cD"[:15]),
             "WhoId": CON["B2c"], "Subject": "Email: Faktura", "ActivityDate": "2024-04-21",
             "Status": "Completed", "Type": "Email", "TaskSubtype": "Task", "IsClosed": "1",
             "CompletedDateTime": "2024-04-21 08:02:00"},
            {**audit(TOM, "2024-05-20 08:00:00"), "Id": sf18("00T8d00000Tk03eF"[:15]),
             "WhatId": ACC["B2c"], "Subject": "Follow up", "ActivityDate": "2024-06-20",
             "Status": "Not Started", "TaskSubtype": "Task", "IsClosed": "0"},
        ],
    )  # fmt: skip
    write(
        "Event",
        EVENT,
        [
            {**audit(TOM, "2024-05-02 10:00:00"), "Id": sf18("00U8d00000Ev01aB"[:15]),
             "WhoId": CON["P4p"], "WhatId": "", "AccountId": ACC["C3d"],
             "Subject": "Visite atelier", "Location": "Nîmes", "IsAllDayEvent": "0",
             "ActivityDateTime": "2024-05-14 08:00:00", "ActivityDate": "2024-05-14",
             "StartDateTime": "2024-05-14 08:00:00", "EndDateTime": "2024-05-14 09:30:00",
             "DurationInMinutes": "90", "IsChild": "0", "EventSubtype": "Event"},
            # The invitee's copy of the same meeting: not a second interaction.
            {**audit(JANA, "2024-05-02 10:00:00"), "Id": sf18("00U8d00000Ev02cD"[:15]),
             "WhoId": CON["P4p"], "AccountId": ACC["C3d"], "Subject": "Visite atelier",
             "StartDateTime": "2024-05-14 08:00:00", "EndDateTime": "2024-05-14 09:30:00",
             "DurationInMinutes": "90", "IsChild": "1", "EventSubtype": "Event"},
        ],
    )  # fmt: skip
    write(
        "Product2",
        PRODUCT,
        [{"Id": sf18("01t8d00000Pr01a"), "Name": "Fût 30 L", "IsActive": "1",
          "CreatedDate": stamp, "IsDeleted": "0"}],
    )  # fmt: skip
    # A Data Loader extract (API version 60: UPPERCASE headers, true/false, ISO times with
    # milliseconds) whose AccountId is the 15-character form of an exported account.
    write_csv(
        SALESFORCE.parent / "salesforce" / "dataloader" / "extract_contacts_v60.csv",
        ["ID", "ACCOUNTID", "FIRSTNAME", "LASTNAME", "EMAIL", "TITLE", "ISDELETED",
         "CREATEDDATE"],
        [{"ID": sf18("0038d00000CtQ7rS"[:15]), "ACCOUNTID": ACC["B2c"][:15],
          "FIRSTNAME": "Greta", "LASTNAME": "Grünwald", "EMAIL": "greta@gruenwald.example",
          "TITLE": "Einkauf", "ISDELETED": "false", "CREATEDDATE": "2023-05-08T21:13:02.000Z"}],
    )  # fmt: skip


if __name__ == "__main__":
    hubspot()
    salesforce()
