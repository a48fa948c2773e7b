"""The ``inference`` plugin: pgmock's table of inference rules and lifecycles.

What a column that names no generator gets, by its table's singular noun, its name and
its type (:mod:`pgmock_sdk.inference`). The host tries the most specific rule first
(table and column, column, table, type) and takes the first whose generator fits the
column (type, length, uniqueness, CHECKs); a rule of another plugin comes before one of
these at equal specificity. ``pgmock explain`` says which rule each column got, and
docs/inference.md renders this table (``pgmock explain --rules --markdown``).

Numbers are plausible for what the name says, in its unit: years up to the fixed
reference year :data:`REFERENCE_YEAR` (never today's, so output does not change with the
calendar), durations in the unit the name gives, money skewed as prices are
(lognormal), integer flags 0/1. Every bound is narrowed to the column's type and CHECKs.
Lifecycles order the moments of a row (created ≤ updated ≤ deleted …) through ``after``.

Blocking the plugin (``--plugin no:inference``) leaves the generators' own column names
and the type defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pgmock_builtins._vat_formats import VAT_FORMATS
from pgmock_sdk import hookimpl
from pgmock_sdk.inference import (
    Lifecycle,
    Rule,
    Stage,
    StatusWindow,
    parent_column,
    row_column,
    row_without,
    table_letters,
)

if TYPE_CHECKING:
    from pgmock_sdk import Registrar

#: The year numbers are plausible up to (release years, birth years): fixed, so the same
#: schema and seed give the same output in any year.
REFERENCE_YEAR = 2025

# Column names shared with the generators that look for them in a row.
FIRST_NAME = r"first_?name|given_?name|fname|forename"
LAST_NAME = r"last_?name|surname|family_?name|lname"

# Table and column patterns more than one rule names.
MENU_TABLES = r"menu_?item|menu|dish|meal|food_?item|recipe|menu_?entr\w*"
TICKET_KINDS = r"ticket_?(type|tier|class|category|option)|pass_type|admission_type|price_tier"
HOMES = r"(\w+_)?(propert(y|ie)|listing|home|house|real_estate|apartment|condo)"
REVIEW_TEXT = (
    r"(\w+_)?(comments?|body|content|text|review(_text|_body)?|feedback|message|remarks|opinion)"
)
SUPPORT_TABLES = (
    r"(\w+_)?(ticket|issue|incident|case|support_request|service_request|help_request"
    r"|inquiry|enquiry|complaint|bug|bug_report)"
)
COMPANY_TABLES = (
    r"company|compani|supplier|vendor|manufacturer|brand|publisher|shipper"
    r"|carrier|customer_company|organi[sz]ation|employer|partner|client_company"
    r"|agency|bank|studio|label|record_label|distributor|merchant|store|shop"
)
# Tables of a business's customers: whoever signs up, buys or is billed.
CUSTOMERS = (
    r"(\w+_)?(customer|client|account|user|member|subscriber|tenant|organi[sz]ation|org"
    r"|company|compani|workspace|buyer|shopper|lead|contact|signup|billing_account|payer)"
)
# A customer's country with no address beside it is anywhere in the world.
LONE_COUNTRY = row_without(
    r"(\w+_)?(city(_?name)?|town|(postal_?code|post_?code|zip(_?code)?|zipcode|plz)"
    r"|state|province|region|prefecture|county|(street_)?address(_?line_?1|1)?|street"
    r"|addr(ess)?_?1|lat|latitude|lng|lon|long|longitude)"
)
FOOD_PLACES = (
    r"(\w+_)?(restaurant|cafe|eatery|diner|bistro|pizzeria|takeaway|food_?(truck|vendor|place))"
    r"|" + MENU_TABLES
)
SOLD_PRICE = r"(\w+_)?(sold|sale|selling|closing|final|purchase)_?price(_?(cents|in_cents))?"
LIST_PRICE = r"(\w+_)?(list|listing|listed|asking|ask)_?price(_?(cents|in_cents))?|price"
SUBSCRIPTIONS = r"(\w+_)?(subscription|membership|plan_subscription|recurring_plan)"
PLATES = ["%???###", "???####", "%??####", "###-???"]  # licence plates: 7ABC123 …
# Schools and courses: the tables of a learning-management or course-registration app.
SCHOOLS = r"(\w+_)?(institution|universit(y|ie)|college|school|campus)"
COURSEWORK = (
    r"(\w+_)?(course|course_section|enrol(l)?ment|student|instructor|lecturer|faculty|quiz"
    r"|semester|gradebook|syllabus|syllabi)"
)
FACULTY = r"instructor|professor|lecturer|faculty|faculty_member|teacher|tutor|teaching_assistant"
SECTIONS = r"(\w+_)?(section|course_section|class|class_section|course_offering|offering|cohort)"
COURSES = r"(\w+_)?(course|course_section|course_offering|class_section)"
QUESTIONS = r"(\w+_)?(question|quiz_question|exam_question|test_question|quiz_item)"
ASSESSED = (
    r"(\w+_)?(assignment|homework|exercise|quiz|quizze|exam|assessment|coursework"
    r"|problem_set|lab)"
)
MAX_POINTS = r"(max|total|possible)_?(points|score|marks)|points_?possible|out_of"

_TEXT = ("text",)
_INT = ("integer",)
_DEC = ("decimal",)
_NUM = ("number",)
_BOOL = ("boolean",)


def _lognormal(median: float, sigma: float) -> dict[str, Any]:
    return {"name": "lognormal", "median": median, "sigma": sigma}


def _normal(mean: float, stddev: float) -> dict[str, Any]:
    return {"name": "normal", "mean": mean, "stddev": stddev}


def _range(lo: float, hi: float, **more: Any) -> dict[str, Any]:
    return {"min": lo, "max": hi, **more}


R = Rule
Y = REFERENCE_YEAR

#: (table, column, type) → generator, in groups. Specificity, not position, decides between
#: groups; within one specificity the first listed wins.
RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- identifiers
    R("core.sequence", primary_key=True, types=_INT,
      note="an integer primary key: numbered 1, 2, 3 … as a sequence would number it"),
    R("core.sequence", column=r"id", types=_INT, note="a plain integer id: 1, 2, 3 …"),
    R("core.uuid", column=r"(\w+_)?(uuid|guid)", note="a UUID by name"),
    R("core.slug", column=r"(\w+_)?slug|permalink", types=_TEXT,
      params={"source_column": row_column(r"(\w+_)?(title|headline)", r"(\w+_)?name",
                                          r"subject|label|caption")},
      note="the slug of the row's title or name (declared before it): how-to-cook-risotto"),
    R("core.isbn", column=r"(\w+_)?isbn_?10", types=_TEXT, params={"digits": 10},
      note="an ISBN-10: nine digits and a check digit (0-9 or X)"),
    R("core.isbn", column=r"(\w+_)?isbn(_?13)?", types=_TEXT,
      note="an ISBN-13 as plain digits: 978 or 979, a valid check digit (an ISBN-10 in a "
           "column of 10 to 12 characters)"),
    R("core.inet", column=r"(\w+_)?ip(v4)?(_?addr(ess)?)?|remote_addr", note="an IP address"),
    R("core.macaddr", column=r"(\w+_)?mac(_?addr(ess)?)?", note="a MAC address"),
    # ---------------------------------------------------------------- people
    R("faker.first_name", column=FIRST_NAME, types=_TEXT),
    R("faker.last_name", column=LAST_NAME, types=_TEXT),
    R("faker.full_name", types=_TEXT,
      column=r"full_?name|display_?name|contact_?name|customer_?name|person_?name"
             r"|author_?name|employee_?name|owner_?name|(passenger|patient|holder"
             r"|card_?holder|recipient|sender|signer|guest|member|buyer|seller|tenant"
             r"|landlord|renter|lessee|lessor|borrower|lender|client|driver|courier"
             r"|beneficiary|applicant|candidate|visitor|attendee|student|teacher)_?name",
      note="a person's name by the column name"),
    R("faker.full_name", column=r"name", types=_TEXT,
      table=r"person|user|customer|client|employee|staff|actor|author|artist|contact"
            r"|member|student|teacher|patient|passenger|driver|player|director|manager"
            r"|speaker|writer|composer|owner|admin|agent|guest|traveller|traveler"
            r"|subscriber|reviewer|profile|account|worker|doctor|nurse|applicant"
            r"|candidate|volunteer|musician|singer|user_profile|credit_card|card",
      note="the name of a person, in a table of people"),
    R("faker.gender", column=r"(\w+_)?(gender|sex)"),
    R("faker.email", column=r"(\w+_)?e?mail(_?address)?", types=_TEXT),
    R("faker.email", column=r"address", table=r"e?mail(_address)?", types=_TEXT,
      note="the address of an e-mail address table"),
    R("faker.username", column=r"user_?name|login|handle|screen_?name|nick_?name|nick",
      types=_TEXT),
    R("faker.job_title", column=r"job(_?title)?|occupation|profession|designation",
      types=_TEXT),
    R("faker.job_title", column=r"title", types=_TEXT,
      table=r"employee|staff|worker|contact|job|position|vacanc|job_posting|posting",
      note="a job title, in a table of people or jobs"),
    R("faker.birth_date",
      column=r"(\w+_)?(birth_?date|date_?of_?birth|dob|birthday|birth_?day)"),
    R("faker.age", column=r"age|(\w+_)?age_?years|age_at_\w+|\w+_age", types=_INT),
    # ---------------------------------------------------------------- internet
    R("faker.domain", column=r"(\w+_)?domain(_?name)?|host_?name|host", types=_TEXT),
    R("faker.url", column=r"(\w+_)?url|website|homepage|web_?site|(\w+_)?link", types=_TEXT),
    # ---------------------------------------------------------------- places
    R("faker.phone", types=_TEXT,
      column=r"(\w+_)?phone(_?number|_?no)?|(\w+_)?mobile(_?number|_?phone)?|cell(_?phone)?"
             r"|(\w+_)?tel(ephone)?(_?number|_?no)?|(\w+_)?fax(_?number)?"),
    R("faker.postal_code", types=_TEXT,
      column=r"(\w+_)?(postal_?code|post_?code|zip(_?code)?|zipcode|plz)"),
    R("faker.street_address", types=_TEXT,
      column=r"(street_)?address(_?line_?1|1)?|street(_?address|_?name)?|addr(ess)?_?1"
             r"|(billing|shipping|home|mailing|postal|delivery)_(street|address)(_?line_?1)?"),
    R("faker.city", column=r"(\w+_)?city(_?name)?|town|municipality", types=_TEXT),
    R("faker.state", types=_TEXT,
      column=r"state|province|region|prefecture|county|state_?name"
             r"|(billing|shipping|home|mailing)_(state|province|region)"
             r"|(\w+_)?(state|province|region|prefecture)_?(code|abbr|abbreviation)|uf"),
    R("faker.country", column=r"(\w+_)?country(_?name)?|nationality", types=_TEXT),
    R("faker.country_code", column=r"(\w+_)?country_?code|iso_?country|country_?iso",
      types=_TEXT),
    # A customer's country, with no address beside it, is anywhere
    R("faker.country", column=r"(\w+_)?country(_?name)?", types=_TEXT, table=CUSTOMERS,
      params={"markets": LONE_COUNTRY},
      note="a customer's country: the address's; with no address beside it, any country, "
           "weighted as a business's customers are"),
    R("faker.country_code", column=r"(\w+_)?country_?code|iso_?country|country_?iso",
      types=_TEXT, table=CUSTOMERS, params={"markets": LONE_COUNTRY},
      note="a customer's country code: the address's; with no address beside it, any "
           "country's, weighted as a business's customers are"),
    R("faker.latitude", column=r"(\w+_)?(lat|latitude)"),
    R("faker.longitude", column=r"(\w+_)?(lng|lon|long|longitude)"),
    # ---------------------------------------------------------------- business
    R("faker.company", types=_TEXT,
      column=r"(\w+_)?company(_?name)?|organi[sz]ation(_?name)?|employer|business_?name"
             r"|(vendor|supplier|manufacturer|brand|publisher|carrier|shipper|label)_?name"
             r"|vendor|supplier|manufacturer|brand|publisher"
             r"|brokerage(_?name)?|broker(age)?_?firm|agency(_?name)?|realty|law_?firm"),
    R("faker.company", column=r"name", types=_TEXT, table=COMPANY_TABLES,
      note="a company's name, in a table of companies"),
    R("mimesis.dish", column=r"name|title|item_name|dish_name", types=_TEXT,
      table=MENU_TABLES,
      note="a dish, in a table of menu items or dishes"),
    R("core.product_name", column=r"(product|item|article)_?name", types=_TEXT),
    R("core.product_name", column=r"name|title", types=_TEXT,
      table=r"product|item|article|variant|sku|good|merchandise|part",
      note="a product's name, in a table of products"),
    # ---------------------------------------------------------------- lists of places
    R("faker.country", column=r"country|name|country_name|iso_name|printable_name|nicename"
      r"|short_name|common_name", table=r"country|countrie|nation|country_list",
      types=_TEXT, params={"distinct": True, "world": True},
      note="a list of countries: each row another one"),
    R("faker.country_code", column=r"iso|iso2|iso_code|alpha_?2|code|country_code|cc",
      table=r"country|countrie|nation", types=_TEXT,
      params={"distinct": True, "world": True}, note="the ISO code of the row's country"),
    R("faker.city", column=r"city|name|city_name|title", table=r"city|citie|town|municipality",
      types=_TEXT,
      params={"world": True, "distinct": True,
              "country_from": parent_column(r"country|countrie|nation", r"country|name"
                                            r"|country_name|iso_name")},
      note="a list of cities: real ones, of the parent row's country where there is one"),
    R("faker.city", column=r"(\w+_)?city(_?name)?|town", types=_TEXT,
      references=r"country|countrie|nation",
      params={"world": True, "country_from": parent_column(r"country|countrie|nation",
                                                          r"country|name|country_name"
                                                          r"|iso_name")},
      note="a real city of the country the row's foreign key points at"),
    R("faker.country", column=r"country|country_name", table=r"city|citie|town",
      types=_TEXT, params={"world_cities": True},
      note="the country of the row's city, in a list of cities"),
    R("faker.state", column=r"state|name|state_name|province|province_name",
      table=r"state|province|region|prefecture|us_state", types=_TEXT,
      params={"distinct": True}, note="a list of states: each row another one"),
    R("faker.state", column=r"abbr|abbreviation|code|state_code|iso", types=_TEXT,
      table=r"state|province|prefecture|us_state", params={"distinct": True},
      note="the code of the row's state"),
    # ---------------------------------------------------------------- names by table
    R("core.term", column=r"name|title|label|description", table=r"department|division|dept",
      types=_TEXT, params={"vocabulary": "department"}, note="a department's name"),
    R("core.term", column=r"name|title|label|language|language_name", types=_TEXT,
      table=r"language|lang|locale_language|spoken_language",
      params={"vocabulary": "language"}, note="a language's name"),
    R("core.term", column=r"name|title|label", table=r"category|categorie|genre|film_genre",
      schema_has=r"film|movie|video|dvd", types=_TEXT, params={"vocabulary": "film_genre"},
      note="a film genre, in a database of films"),
    R("core.term", column=r"name|title|label", table=r"category|categorie|genre",
      schema_has=r"track|song|album|artist|recording|playlist", types=_TEXT,
      params={"vocabulary": "music_genre"}, note="a music genre, in a database of music"),
    R("core.term", column=r"name|title|label|tag|topic", types=_TEXT,
      table=r"tag|topic|keyword|hashtag|category|categorie",
      schema_has=r"post|blog_post|article|blog|story", params={"vocabulary": "topic"},
      note="a topic posts are tagged or filed with, in a database of posts"),
    R("core.term", column=r"name|title|label|tag", types=_TEXT,
      table=r"tag|label|keyword|ticket_tag", schema_has=SUPPORT_TABLES,
      params={"vocabulary": "support_tag"}, note="a tag tickets are filed with, in a helpdesk"),
    R("core.term", column=r"name|title|label|team_name|group_name", types=_TEXT,
      table=r"group|team|queue|support_group|support_team|agent_group",
      schema_has=SUPPORT_TABLES, params={"vocabulary": "support_team"},
      note="a team tickets are assigned to, in a helpdesk"),
    R("core.term", column=r"name|title|label|subject", types=_TEXT,
      table=r"macro|canned_response|saved_reply|reply_template|response_template|snippet",
      params={"vocabulary": "canned_response"},
      note="a helpdesk macro's or canned response's title"),
    R("core.term", column=r"name|title|label", types=_TEXT,
      table=r"sla|sla_policy|sla_policie|service_level|service_level_agreement",
      params={"vocabulary": "sla_policy"}, note="a service-level agreement's name"),
    R("core.term", column=r"name|title|label", table=r"category|categorie|genre",
      schema_has=r"book|author|publisher", types=_TEXT, params={"vocabulary": "book_genre"},
      note="a book genre, in a database of books"),
    R("core.term", column=r"name|title|label", table=r"genre|film_genre|music_genre",
      types=_TEXT, params={"vocabulary": "genre"}, note="a genre's name"),
    R("core.term", column=r"name|title|label|category_name", types=_TEXT,
      table=r"category|categorie|product_category|product_type|item_category|taxon|collection"
            r"|department_category|subcategory|sub_category",
      params={"vocabulary": "category"}, note="a product category"),
    R("core.term", column=r"name|title|label|cuisine(_name)?", table=r"cuisine|cuisine_type",
      types=_TEXT, params={"vocabulary": "cuisine"}, note="a list of cuisines"),
    R("core.term", column=r"cuisine(_?(type|name|style))?|food_?(type|style)|kitchen_?type",
      types=_TEXT, params={"vocabulary": "cuisine", "distinct": False},
      note="a cuisine: Italian, Japanese …"),
    R("core.term", column=r"name|title|label", table=r"media_type|mediatype|format|file_type",
      types=_TEXT, params={"vocabulary": "media_type"}, note="a media type"),
    R("core.term", column=r"name|title|label", table=r"playlist", types=_TEXT,
      params={"vocabulary": "playlist"}, note="a playlist's name"),
    R("core.term", column=r"name|title|label", table=r"role|user_role|group|user_group|team",
      types=_TEXT, params={"vocabulary": "role"}, note="a role's name"),
    R("core.term", column=r"name|title|label", table=r"colou?r|shade|paint", types=_TEXT,
      params={"vocabulary": "color"}, note="a color"),
    R("core.term", column=r"name|title|label|tier|ticket_name", types=_TEXT,
      table=TICKET_KINDS,
      schema_has=r"event|venue|concert|festival|attendee|conference|gig|performance|ticket_type|showtime",
      params={"vocabulary": "ticket_tier", "distinct": False},
      note="a kind of ticket, in a database of events"),
    R("core.term", column=r"(\w+_)?(category|type|genre|kind)", types=_TEXT,
      table=r"(\w+_)?(event|conference|concert|festival|meetup|gig|webinar)",
      params={"vocabulary": "event_category", "distinct": False},
      note="what kind of event"),
    R("core.term", column=r"name|title|label", types=_TEXT,
      table=r"tracker|issue_type|ticket_type|task_type|work_item_type",
      params={"vocabulary": "tracker"}, note="an issue type"),
    R("core.term", column=r"name|title|label|plan_name|display_name|tier", types=_TEXT,
      table=r"(\w+_)?(plan|tier)", params={"vocabulary": "plan"},
      note="a list of subscription plans"),
    R("core.tier_price", types=_NUM, table=r"(\w+_)?(plan|tier|package|edition)",
      column=r"(\w+_)?(price|amount|fee|cost|rate)(_?(cents|in_cents|minor))?",
      params={"tier_column": row_column(r"name|title|label|plan_name|display_name|tier",
                                        r"(\w+_)?(plan|tier)(_name)?|code")},
      note="a plan's price by its tier: Free < Starter < Pro < Enterprise"),
    R("core.term", column=r"(\w+_)?plan(_name)?|tier|plan_tier", types=_TEXT,
      params={"vocabulary": "plan", "distinct": False}, note="a subscription plan's name"),
    R("core.term", column=r"name|title|label", table=r"priority|priorit|severity",
      types=_TEXT, params={"vocabulary": "priority"}, note="a priority"),
    R("core.term", column=r"name|title|label", types=_TEXT,
      table=r"status|state|issue_status|order_status|ticket_status|workflow_state",
      params={"vocabulary": "status"}, note="a status"),
    R("core.term", column=r"name|title|label", table=r"zone|region|territor|sales_region",
      types=_TEXT, params={"vocabulary": "zone"}, note="a zone or region"),
    R("core.term", column=r"name|title|label", types=_TEXT,
      table=r"payment_method|payment_type|payment_option|tender_type",
      params={"vocabulary": "payment_method"}, note="a payment method"),
    R("core.term", column=r"(payment_)?(method|type)|pay_method|tender|payment_?(method|type)",
      table=r"(\w+_)?(payment|transaction|charge|refund|payout|receipt)", types=_TEXT,
      params={"vocabulary": "payment_method", "distinct": False},
      note="how a payment was made"),
    R("core.term", column=r"name|title|label|admin_name", types=_TEXT,
      table=r"shipping_method|delivery_method|shipping_option|carrier_service|ship_method",
      params={"vocabulary": "shipping_method"}, note="a shipping method"),
    R("core.term", column=r"name|title|label", table=r"tax_category|tax_class|tax_code",
      types=_TEXT, params={"vocabulary": "tax_category"}, note="a tax category"),
    R("core.term", column=r"name|title|label", table=r"\w*_?reason", types=_TEXT,
      params={"vocabulary": "reason"}, note="a reason"),
    R("core.term", column=r"name|title|label", table=r"shipping_category|shipping_class",
      types=_TEXT, params={"vocabulary": "shipping_category"}, note="a shipping category"),
    R("core.term", column=r"name|presentation|title|label", types=_TEXT,
      table=r"option_type|option|product_option|variant_option",
      params={"vocabulary": "option"}, note="a product option"),
    R("core.term", column=r"name|presentation|title|label", types=_TEXT,
      table=r"property|attribute|product_property|product_attribute|feature|spec",
      params={"vocabulary": "property"}, note="a product property"),
    R("core.term", column=r"name|title|label|tag", table=r"tag|label|keyword|hashtag",
      types=_TEXT, params={"vocabulary": "tag"}, note="a tag"),
    R("core.term", column=r"name|key|setting|setting_name|option_name|var|variable",
      table=r"setting|config|configuration|preference|option|parameter|system_setting"
            r"|app_setting|feature_flag",
      types=_TEXT, params={"vocabulary": "setting"}, note="a setting's key"),
    R("core.work_title", column=r"title|name|film_title|movie_title", types=_TEXT,
      table=r"film|movie|feature_film|motion_picture|video|dvd",
      params={"kind": "film"}, note="a film's title"),
    R("core.work_title", column=r"title|name|book_title", types=_TEXT,
      table=r"book|novel|publication|ebook|title", params={"kind": "book"},
      note="a book's title"),
    R("core.work_title", column=r"title|name|song_title|track_name|track_title", types=_TEXT,
      table=r"song|track|recording|single", params={"kind": "song"}, note="a song's title"),
    R("core.work_title", column=r"title|name|album_title", table=r"album|record|release|lp",
      types=_TEXT, params={"kind": "album"}, note="an album's title"),
    R("core.work_title", column=r"title|name", table=r"show|tv_show|series|programme|program"
      r"|podcast|episode", types=_TEXT, params={"kind": "show"}, note="a show's title"),
    R("core.work_title", column=r"title|name", table=r"game|video_game|board_game",
      types=_TEXT, params={"kind": "game"}, note="a game's title"),
    R("core.work_title", column=r"title|headline", types=_TEXT,
      table=r"article|post|blog_post|news|news_item|story|page|wiki_page|entry",
      params={"kind": "article"}, note="an article's title"),
    R("core.work_title", column=r"title|name|event_name|event_title", types=_TEXT,
      table=r"(\w+_)?(event|conference|concert|festival|meetup|gig|webinar|summit|expo)",
      params={"kind": "event"}, note="an event's title"),
    R("core.work_title", column=r"title|name|course_name|course_title", types=_TEXT,
      table=r"course|class|lesson|module|subject|training", params={"kind": "course"},
      note="a course's title"),
    R("core.description", column=r"description|synopsis|plot|summary|overview|blurb",
      table=r"film|movie|feature_film|video|dvd|show|series|episode", types=_TEXT,
      params={"kind": "film"}, note="a film's premise, naming its title"),
    R("core.description", column=r"description|synopsis|plot|summary|overview|blurb",
      table=r"book|novel|ebook|publication", types=_TEXT, params={"kind": "book"},
      note="a book's premise, naming its title"),
    R("core.description", column=r"description|summary|overview|details|short_description",
      table=MENU_TABLES, types=_TEXT,
      params={"kind": "dish"}, note="a dish on a menu, naming it"),
    # Ahead of the ticket body below (equal weight, a nearer noun): a lookup of tickets'
    # states or kinds (issue_statuses) describes the state, not a problem.
    R("faker.paragraph", types=_TEXT, column=r"description|details|text|notes?",
      table=r"(\w+_)?(status|statuse|state|type|kind|categor(y|ie)|priorit(y|ie)|severit(y|ie)"
            r"|resolution|tracker|queue|tag|label|field|custom_field|template)",
      note="what a lookup's row (a status, a type) means"),
    R("core.description", types=_TEXT,
      column=r"description|body|details|content|text|message|problem|(issue|ticket)_(body"
             r"|description|text)",
      table=SUPPORT_TABLES, params={"kind": "issue"},
      note="a support ticket's or bug report's body: what happens, since when, a question"),
    R("core.description", types=_TEXT,
      column=r"body|comment|content|text|message|notes?|reply|response|(html|plain)_body",
      table=r"(\w+_)?(comment|reply|replie|message|note|response|update|conversation"
            r"|activit(y|ie)|journal)", references=SUPPORT_TABLES, params={"kind": "reply"},
      note="a comment on a support ticket or issue: an agent's answer or a follow-up"),
    R("core.description", column=r"description|summary|overview|details|short_description",
      table=r"product|item|article|variant|sku|good|merchandise|part", types=_TEXT,
      params={"kind": "product"}, note="a product's qualities, naming it"),
    R("core.term", column=r"category|category_name|product_category", types=_TEXT,
      params={"vocabulary": "category", "distinct": False}, note="a product category"),
    R("core.term", column=r"genre|genre_name", types=_TEXT,
      params={"vocabulary": "genre", "distinct": False}, note="a genre"),
    R("core.term", column=r"department|department_name|dept|dept_name", types=_TEXT,
      params={"vocabulary": "department", "distinct": False}, note="a department"),
    R("core.term", column=r"colou?r|colou?r_name", types=_TEXT,
      params={"vocabulary": "color", "distinct": False}, note="a color"),
    R("core.term", column=r"role|role_name|user_role", types=_TEXT,
      params={"vocabulary": "role", "distinct": False}, note="a role"),
    R("core.term", column=r"(\w+_)?currency(_code|_iso)?|currency_?code|ccy", types=_TEXT,
      params={"vocabulary": "currency", "distinct": False}, note="an ISO 4217 currency code"),
    R("core.term", column=r"code|iso|iso_code|name|currency|currency_code", types=_TEXT,
      table=r"currenc(y|ie)", params={"vocabulary": "currency"},
      note="a list of currencies (ISO 4217 codes)"),
    R("core.term", column=r"(\w+_)?locale|locale_?code|ui_locale", types=_TEXT,
      params={"vocabulary": "locale", "distinct": False}, note="a locale (BCP 47: en-US)"),
    R("core.term", column=r"(\w+_)?lang(uage)?_?code|lang|iso_?639(_1)?", types=_TEXT,
      params={"vocabulary": "language_code", "distinct": False},
      note="a language code (ISO 639-1: en)"),
    R("core.term", column=r"(\w+_)?(time_?zone|tz|tz_?name|iana_?tz)", types=_TEXT,
      params={"vocabulary": "timezone", "distinct": False},
      note="a time zone (IANA: Europe/Berlin)"),
    R("core.term", column=r"priority|priority_name", types=_TEXT,
      params={"vocabulary": "priority", "distinct": False}, note="a priority"),
    R("core.array", column=r"(\w+_)?tags?|keywords|labels", types=("text[]",),
      params={"element_generator": "term", "element": {"vocabulary": "tag", "distinct": False},
              "max_length": 5},
      note="a set of tags"),
    R("core.array", column=r"special_features|features|extras|bonus_features", types=("text[]",),
      table=r"film|movie|video|dvd|disc|title",
      params={"element_generator": "choice", "min_length": 1,
              "element": {"values": ["Trailers", "Commentaries", "Deleted Scenes",
                                     "Behind the Scenes"]}},
      note="a set of a film's special features"),
    R("core.search_vector", types=("tsvector",),
      column=r"fulltext|full_text|search_vector|search_vec|searchable|document|doc_vector|tsv"
             r"|ts_?vector|text_?search|search|search_index|search_document|fts|\w+_(tsv|fts"
             r"|search_vector|tsvector|search)",
      note="the row's own words: to_tsvector('simple', title, name, description …)"),
    # ---------------------------------------------------------------- texts
    R("core.headline", types=_TEXT, column=r"subject|title|summary|short_description",
      table=r"(\w+_)?(issue|ticket|bug|incident|support_request|support_case|task"
            r"|work_item|user_story|defect)",
      params={"kind": "issue"}, note="an issue's or ticket's title"),
    R("core.headline", types=_TEXT, column=r"(\w+_)?(headline|subject|caption|heading)",
      note="a headline-like line of text"),
    R("core.work_title", types=_TEXT, column=r"(?!job_?title$)(\w+_)?title",
      params={"kind": "article"}, note="a title (of an article: no table says otherwise)"),
    R("core.term", column=r"name|title|label|display_name|short_name", types=_TEXT,
      params={"vocabulary": "codename"},
      note="the name of a thing the table lists (no vocabulary of its own)"),
    R("core.sequence", column=r"number|no|num|invoice_?(number|no|num)", types=_TEXT,
      table=r"(\w+_)?invoice", params={"prefix": "INV-", "width": 6},
      note="an invoice number: INV-000001, INV-000002 …"),
    R("core.sequence", column=r"invoice_?(number|no|num)", types=_TEXT,
      params={"prefix": "INV-", "width": 6}, note="an invoice number: INV-000001 …"),
    R("core.sequence", column=r"code|ref_code|reference_code|short_code", types=_TEXT,
      params={"prefix": table_letters(), "width": 5},
      note="a code of the row, in the table's letter: P00001, P00002 … for projects"),
    # In a database of restaurants or dishes, reviews are of food and service
    R("core.review", types=_TEXT,
      column=REVIEW_TEXT,
      table=r"(\w+_)?(review|rating|feedback|testimonial)", schema_has=FOOD_PLACES,
      params={"rating_column": row_column(r"(\w+_)?(stars|rating|score|grade)",
                                          kinds=("integer",)),
              "subject": "food"},
      note="a review of a restaurant, a dish or a food order, its tone following the "
           "row's star rating"),
    R("core.review", types=_TEXT,
      column=REVIEW_TEXT,
      table=r"(\w+_)?(review|rating|feedback|testimonial)",
      params={"rating_column": row_column(r"(\w+_)?(stars|rating|score|grade)",
                                          kinds=("integer",))},
      note="a review's text, its tone following the row's star rating"),
    R("core.review", types=_TEXT,
      column=REVIEW_TEXT,
      table=r"(\w+_)?(review|testimonial)", note="a review's text"),
    R("faker.paragraph", types=_TEXT,
      column=r"(\w+_)?(description|bio|biography|notes?|comments?|summary|body|content"
             r"|message|remarks|details|about|review|feedback)"),
    # ---------------------------------------------------------------- mimesis vocabularies
    R("mimesis.academic_degree", types=_TEXT,
      column=r"(academic_|highest_)?degree(_?(name|title|level))?|qualification"),
    R("mimesis.blood_type", column=r"blood_?(type|group)|abo_?(type|group)", types=_TEXT),
    R("mimesis.dish", types=_TEXT,
      column=r"(\w+_)?dish(_?name)?|meal(_?name)?|(favou?rite_)?food(_?name)?|menu_?item"),
    R("mimesis.drink", column=r"(\w+_)?(drink|beverage|cocktail)(_?name)?", types=_TEXT),
    R("mimesis.language", types=_TEXT,
      column=r"(spoken_|native_|foreign_|second_|first_)?language(_?name)?|mother_?tongue"),
    R("core.term", types=_TEXT,
      column=r"(spoken_|native_|foreign_|second_|first_)?language(_?name)?|mother_?tongue",
      params={"vocabulary": "language", "distinct": False}, note="a language's name"),
    R("mimesis.nationality", column=r"citizenship|\w+_nationality", types=_TEXT),
    R("mimesis.programming_language", types=_TEXT,
      column=r"(\w+_)?programming_?lang(uage)?|prog_?lang|coding_?language"),
    R("mimesis.university", types=_TEXT,
      column=r"(\w+_)?(university|college)(_?name)?|school(_?name)?|alma_?mater"),
    # ---------------------------------------------------------------- years
    R("core.integer", column=r"(exp|expiry|expiration|card)_?year|year", types=_INT,
      table=r"card|credit_card|payment_card|payment_method|card_detail",
      params=_range(Y, Y + 8), note="a card's expiry year"),
    R("core.integer", column=r"(exp|expiry|expiration|card)_?month|month", types=_INT,
      table=r"card|credit_card|payment_card|payment_method|card_detail",
      params=_range(1, 12), note="a card's expiry month"),
    R("core.integer", column=r"birth_?year|year_of_birth|born", types=_INT,
      params=_range(Y - 90, Y - 18), note="years of birth of adults"),
    R("core.integer", types=_INT,
      column=r"(release|publication|published|production|model|vintage|founded"
             r"|first_aired|copyright|recording|debut)_?year|year_(released"
             r"|published|founded)",
      params=_range(1950, Y), distribution=_normal(Y - 15, 14),
      note="a year in the past, more often recent"),
    R("core.integer", column=r"(\w+_)?year|t?year|yr|fiscal_?year", types=_INT,
      params=_range(Y - 10, Y), note="a recent year"),
    R("core.integer", column=r"(\w+_)?month|tmonth", types=_INT, params=_range(1, 12),
      note="a month number"),
    R("core.integer", column=r"(\w+_)?(day_of_month|dom)", types=_INT, params=_range(1, 28)),
    R("core.integer", column=r"(\w+_)?(day_of_week|dow|weekday)", types=_INT,
      params=_range(0, 6), note="a day of the week"),
    R("core.integer", column=r"(\w+_)?(week|week_of_year|tweek|iso_week)", types=_INT,
      params=_range(1, 52), note="a week of the year"),
    R("core.integer", column=r"(\w+_)?(hour_of_day|hour)", types=_INT, params=_range(0, 23)),
    # ---------------------------------------------------------------- durations
    R("core.integer", types=_INT,
      column=r"length|duration|runtime|running_time|run_time|(length|duration|runtime)"
             r"_?(in_)?min(ute)?s?",
      table=r"film|movie|video|episode|show|programme|program|feature|documentary|series",
      params=_range(46, 185), distribution=_normal(110, 22),
      note="a film's running time in minutes"),
    R("core.integer", types=_INT,
      column=r"milliseconds|(duration|length|runtime)_?(in_)?(ms|millis|milliseconds)",
      params=_range(30_000, 900_000), distribution=_lognormal(235_000, 0.35),
      note="a track's length in milliseconds"),
    R("core.integer", column=r"seconds|duration|length|runtime|(duration|length)_?(in_)?s(ec"
      r"(ond)?s?)?", types=_INT,
      table=r"track|song|recording|episode|podcast|clip|audio|sound",
      params=_range(30, 900), distribution=_lognormal(235, 0.35),
      note="a track's length in seconds"),
    R("core.integer", types=_INT,
      column=r"rental_(duration|period|days)|(loan|borrow|lease|rent)_(duration|period|days)",
      params=_range(3, 7), note="days a rental lasts"),
    R("core.integer", column=r"(\w+_)?(days|day_count|num_days|nights)", types=_INT,
      params=_range(1, 30), distribution=_lognormal(5, 0.8), note="a number of days"),
    R("core.decimal", column=r"(\w+_)?hours|hours_spent|spent_hours|time_spent", types=_DEC,
      table=r"time_entr\w*|timesheet|time_sheet|worklog|work_log|time_log|time_entry|timelog",
      params=_range(0.25, 8, decimals=2), distribution=_lognormal(2, 0.7),
      note="hours of one work-log entry"),
    R("core.decimal", column=r"(\w+_)?hours|hours_spent|spent_hours|estimated_hours",
      types=_DEC, params=_range(0.5, 200, decimals=2), distribution=_lognormal(8, 1.0),
      note="a number of hours"),
    R("core.integer", column=r"(\w+_)?hours", types=_INT, params=_range(1, 200),
      distribution=_lognormal(8, 1.0), note="a number of hours"),
    R("core.integer", column=r"(resolution|resolve|resolved|resolution_time|time_to_resolve"
      r"|resolve_within)_?(minutes|mins)", types=_INT, params=_range(60, 10080),
      distribution=_lognormal(480, 0.8),
      note="minutes to resolve a ticket: hours to days, beyond the first reply's"),
    R("core.integer", column=r"(\w+_)?(minutes|mins)|duration_?min(ute)?s?", types=_INT,
      params=_range(1, 240), distribution=_lognormal(30, 0.9), note="a number of minutes"),
    R("core.integer", column=r"(\w+_)?(seconds|secs)|duration_?s(ec(ond)?s?)?|timeout",
      types=_INT, params=_range(1, 3600), distribution=_lognormal(60, 1.2),
      note="a number of seconds"),
    R("core.integer", column=r"(\w+_)?(ms|millis|milliseconds)|latency|response_time",
      types=_INT, params=_range(1, 60_000), distribution=_lognormal(120, 1.2),
      note="a number of milliseconds"),
    R("core.integer", column=r"duration|length", types=_INT, params=_range(1, 120),
      distribution=_lognormal(20, 0.8), note="a duration (unit unknown)"),
    # ---------------------------------------------------------------- times of day
    R("core.time", types=("time", "timetz"),
      column=r"opens?(_at|_time|_from)?|open(ing)?_(time|hour|from)|opening|open_hours_start",
      params={"start": "06:00:00", "end": "11:00:00", "step": 1800},
      note="an opening time: a morning hour or half hour"),
    R("core.time", types=("time", "timetz"),
      column=r"closes?(_at|_time)?|clos(e|ing)_(time|hour)|closing|open_(until|till|to)"
             r"|open_hours_end",
      params={"start": "17:00:00", "end": "23:30:00", "step": 1800},
      note="a closing time: an evening hour or half hour"),
    R("core.time", types=("time", "timetz"),
      column=r"(\w+_)?(start|begin)s?(_at|_time|_hour)?|(\w+_)?(start|begin)_?time",
      params={"start": "07:00:00", "end": "14:00:00", "step": 900},
      note="when something starts in the day: a quarter hour of the morning or noon"),
    R("core.time", types=("time", "timetz"),
      column=r"(\w+_)?(end|finish)s?(_at|_time|_hour)?|(\w+_)?(end|finish)_?time",
      params={"start": "15:00:00", "end": "22:00:00", "step": 900},
      note="when something ends in the day: a quarter hour of the afternoon or evening"),
    # ---------------------------------------------------------------- homes
    R("core.integer", column=r"(num_|number_of_|total_)?(bedrooms?|beds|bedroom_count)",
      types=_INT, params=_range(0, 8),
      distribution={"name": "weighted", "weights": [3, 12, 25, 33, 18, 6, 2, 1, 0.5],
                    "values": [0, 1, 2, 3, 4, 5, 6, 7, 8]},
      note="bedrooms of a home: mostly two to four"),
    R("core.decimal", column=r"(num_|number_of_|total_)?(bathrooms?|baths|bathroom_count)",
      types=_DEC, params=_range(1, 6, decimals=1),
      distribution={"name": "weighted", "weights": [20, 12, 30, 15, 12, 5, 4, 2],
                    "values": [1, 1.5, 2, 2.5, 3, 3.5, 4, 5]},
      note="bathrooms of a home, halves counted"),
    R("core.integer", column=r"(num_|number_of_|total_)?(bathrooms?|baths|bathroom_count)",
      types=_INT, params=_range(1, 6),
      distribution={"name": "weighted", "weights": [35, 45, 14, 5, 1], "values": [1, 2, 3, 4, 5]},
      note="bathrooms of a home"),
    R("core.integer", types=(*_INT, *_DEC),
      column=r"(living_|floor_|interior_|finished_|total_)?(square_?f(ee|oo)t|sq_?ft|sqft"
             r"|area_?sq_?ft|living_?area|floor_?area)",
      params=_range(300, 12_000), distribution=_lognormal(1_800, 0.45),
      note="a home's floor area in square feet"),
    R("core.integer", types=(*_INT, *_DEC),
      column=r"(living_|floor_|total_)?(square_?met(er|re)s|sq_?m|sqm|m2|area_?m2|area_?sqm)",
      params=_range(20, 1_200), distribution=_lognormal(110, 0.5),
      note="a home's floor area in square metres"),
    R("core.decimal", column=r"(lot|land|plot)_?(size_?)?(acres|acreage)|lot_?size|acres|acreage",
      types=_DEC, params=_range(0.02, 40, decimals=2), distribution=_lognormal(0.25, 1.0),
      note="a lot's size in acres"),
    R("core.integer", types=_INT,
      column=r"(year_?built|built_?year|built_in_year|construction_?year|year_of_construction"
             r"|build_?year)",
      params=_range(1880, REFERENCE_YEAR), distribution=_normal(1982, 25),
      note="the year a building was built"),
    # A home sells near its asking price, in its own row or its listing's
    R("core.share", types=_NUM, column=SOLD_PRICE, table=HOMES,
      params={"of_column": row_column(LIST_PRICE, kinds=("integer", "decimal")),
              "min": 0.9, "max": 1.05},
      note="a home's sold price: 0.9 to 1.05 times its list price"),
    R("core.share", types=_NUM, column=SOLD_PRICE, references=HOMES,
      params={"of_parent": parent_column(HOMES, LIST_PRICE), "min": 0.9, "max": 1.05},
      note="a sale's price: 0.9 to 1.05 times the list price of the home it sold"),
    R("core.decimal", types=_DEC,
      column=r"(list|listing|asking|sale|sold|sales|purchase|closing|original|current"
             r"|appraised|assessed|market)_?(price|value)|sold_for|price",
      table=HOMES,
      params=_range(25_000, 20_000_000), distribution=_lognormal(420_000, 0.6),
      note="a home's price"),
    R("core.decimal", types=_DEC, column=r"(offer_|bid_)?(amount|price|offer_price|bid)",
      table=r"(\w+_)?(offer|bid)",
      schema_has=HOMES,
      params=_range(25_000, 20_000_000), distribution=_lognormal(410_000, 0.6),
      note="an offer on a home"),
    R("core.decimal", types=_DEC,
      column=r"(monthly_)?rent(_amount|_price)?|rental_(price|rate|amount)|monthly_rent",
      table=r"(\w+_)?(propert(y|ie)|listing|home|house|real_estate|apartment|condo|lease"
            r"|tenanc(y|ie)|rental_unit|flat)",
      params=_range(300, 20_000), distribution=_lognormal(1_800, 0.5),
      note="a month's rent"),
    R("core.decimal", types=_DEC, column=r"hoa(_?(fee|fees|dues))?|(monthly_)?hoa_\w+",
      params=_range(0, 3_000), distribution=_lognormal(250, 0.7),
      note="a month's homeowners' association fee"),
    R("core.term", types=_TEXT,
      column=r"financing(_?(type|method|kind))?|(loan|mortgage)_?type",
      params={"vocabulary": "financing", "distinct": False},
      note="how a purchase is financed"),
    # ---------------------------------------------------------------- money
    R("core.choice", column=r"rental_rate|rate|daily_rate|rental_price", types=_DEC,
      table=r"film|movie|video|dvd|game|title|rental_item|inventory",
      params={"values": [0.99, 2.99, 4.99]}, note="a rental rate"),
    R("core.choice", column=r"replacement_cost|replacement_price", types=_DEC,
      params={"values": [9.99, 12.99, 14.99, 17.99, 19.99, 22.99, 24.99, 29.99]},
      note="the replacement cost of a copy"),
    R("core.choice", column=r"unit_price|price", types=_DEC,
      table=r"track|song|episode|recording|app|ebook|download",
      params={"values": [0.99, 1.29, 1.99], "weights": [6, 3, 1]},
      note="the price of one track"),
    R("core.decimal", column=r"amount|total|paid|payment_amount", types=_DEC,
      table=r"payment|charge|receipt|transaction", references=r"rental|loan|booking_item",
      params=_range(0.99, 50), distribution=_lognormal(4.99, 0.5),
      note="a payment for one rental"),
    R("core.choice", column=r"unit_price|price|list_price|sale_price|cost_price|cost|amount",
      types=_DEC, references=r"track|song|episode|recording",
      params={"values": [0.99, 1.29, 1.99], "weights": [6, 3, 1]},
      note="the price of one track, as the track table has them"),
    R("core.decimal", column=r"salary|annual_salary|base_salary|yearly_salary|wage|pay",
      types=_DEC, params=_range(18_000, 400_000, decimals=0),
      distribution=_lognormal(58_000, 0.45), note="a yearly salary"),
    R("core.integer", column=r"salary|annual_salary|base_salary|yearly_salary", types=_INT,
      params=_range(18_000, 400_000), distribution=_lognormal(58_000, 0.45),
      note="a yearly salary"),
    R("core.decimal", column=r"(\w+_)?budget(_amount|_total)?", types=_DEC,
      params=_range(1_000, 10_000_000, decimals=0), distribution=_lognormal(150_000, 1.2),
      note="a budget (a department's, a project's): thousands to millions"),
    R("core.integer", column=r"(\w+_)?budget(_amount|_total)?", types=_INT,
      params=_range(1_000, 10_000_000), distribution=_lognormal(150_000, 1.2),
      note="a budget (whole units)"),
    R("core.decimal", column=r"hourly_rate|hour_rate|rate_per_hour|hourly_wage|billing_rate",
      types=_DEC, params=_range(8, 400), distribution=_lognormal(45, 0.6),
      note="an hourly rate"),
    R("core.decimal", column=r"(\w+_)?(tax|vat)_?rate|vat|tax_percent(age)?",
      types=_DEC, params=_range(0, 0.25), note="a tax rate as a fraction"),
    R("core.decimal", column=r"amount|rate|percentage", types=_DEC,
      table=r"tax_rate|tax|vat_rate|tax_bracket", params=_range(0, 0.25),
      note="a tax rate as a fraction"),
    R("core.choice", column=r"discount|discount_rate", types=_DEC,
      table=r"order_detail|order_line|order_item|line_item|invoice_line|cart_item|sale_item",
      params={"values": [0, 0.05, 0.1, 0.15, 0.2, 0.25], "weights": [60, 10, 10, 8, 7, 5]},
      note="a discount as a fraction of the price"),
    R("core.decimal", column=r"(\w+_)?(percent|percentage|pct)|(\w+_)?ratio|done_ratio",
      types=_DEC, params=_range(0, 100), note="a percentage"),
    R("core.integer", column=r"(\w+_)?(percent|percentage|pct|done_ratio)|progress",
      types=_INT, params=_range(0, 100), note="a percentage"),
    R("core.decimal", column=r"tip|tips|tip_amount|gratuity|tip_total", types=_DEC,
      params=_range(0, 100), distribution=_lognormal(3.5, 0.6),
      note="a tip: a few units of money"),
    R("core.decimal", types=_DEC,
      column=r"freight|shipping(_cost|_fee|_charge|_total)?|shipment_total|delivery_(cost|fee)"
             r"|postage",
      params=_range(0, 500), distribution=_lognormal(9.5, 0.7), note="a shipping charge"),
    R("core.decimal", column=r"cost|shipping_cost", types=_DEC,
      table=r"shipment|shipping_rate|shipping|delivery|parcel",
      params=_range(0, 500), distribution=_lognormal(9.5, 0.7), note="a shipping charge"),
    R("core.decimal", types=_DEC,
      column=r"(\w+_)?(adjustment|promo|discount)(_total|_amount)?",
      params=_range(-100, 0), distribution=_lognormal(-1, 1), note="a (negative) adjustment"),
    R("core.decimal", column=r"(\w+_)?tax(_total|_amount)?", types=_DEC,
      params=_range(0, 2_000), distribution=_lognormal(6, 1.0), note="a tax amount"),
    R("core.decimal", column=r"(\w+_)?(price|unit_price|cost)", types=_DEC,
      table=r"menu_?item|menu|dish|meal|food_?item|menu_?entr\w*",
      params=_range(1, 80), distribution=_lognormal(12, 0.45), note="a dish's price"),
    R("core.decimal", types=_DEC,
      column=r"(\w+_)?(unit_price|list_price|sale_price|cost_price|msrp|retail_price"
             r"|wholesale_price|compare_at_(amount|price)|price|cost)",
      params=_range(0.5, 5_000), distribution=_lognormal(24, 1.0), note="a unit price"),
    R("core.decimal", column=r"total|amount|item_total|subtotal|grand_total|order_total",
      table=r"invoice|order|purchase|cart|bill|receipt", schema_has=r"track|song|episode",
      types=_DEC, params=_range(0.99, 100), distribution=_lognormal(5.9, 0.7),
      note="the total of an order of a store selling tracks"),
    R("core.decimal", column=r"total|amount|item_total|subtotal|grand_total|order_total",
      table=r"invoice|order|purchase|cart|bill|receipt|quote|booking|sale",
      types=_DEC, params=_range(1, 20_000), distribution=_lognormal(60, 0.9),
      note="the total of an order or invoice"),
    R("core.decimal", types=_DEC,
      column=r"(\w+_)?(amount|total|subtotal|balance|fee|charge|revenue|payment|paid|refund"
             r"|credit|debit|budget|income|expense|deposit|fare)",
      params=_range(0.5, 50_000), distribution=_lognormal(45, 1.1), note="an amount of money"),
    R("core.share", types=_NUM,
      column=r"(\w+_)?(tax|vat|sales_tax)(_?(amount|total))?(_?(cents|in_cents|minor|pence))?",
      params={"of_column": row_column(r"(\w+_)?(amount|subtotal|net|net_amount|total)"
                                      r"(_?(cents|in_cents|minor|pence))?",
                                      kinds=("integer", "decimal")),
              "min": 0.0, "max": 0.25},
      note="a tax on the row's amount: a share of it, at most a quarter"),
    R("core.integer", types=_INT,
      column=r"(\w+_)?(tax|vat|discount|shipping)(_amount)?_?(cents|in_cents|minor|pence)",
      params=_range(0, 1_000_000), distribution=_lognormal(600, 1.0),
      note="a tax, discount or shipping charge in cents: a part of a price"),
    R("core.integer", types=_INT,
      column=r"(\w+_)?(price|cost|amount|total|subtotal|fee|fare"
             r"|balance|refund|charge|payment)_?(cents|in_cents|minor|pence)",
      params=_range(50, 10_000_000), distribution=_lognormal(4500, 1.1),
      note="an amount of money in cents"),
    R("core.integer", types=_INT,
      column=r"(\w+_)?(price|cost|amount|total|fee|fare)",
      params=_range(1, 100_000), distribution=_lognormal(45, 1.1),
      note="an amount of money (whole units)"),
    # ---------------------------------------------------------------- quantities and counts
    R("faker.quantity", column=r"quantity|qty|amount|units|count|number_of_items", types=_INT,
      table=r"\w*(line|item|detail|cart|basket|entry|order_product|ticket_flight)",
      note="items on one line"),
    R("core.integer", types=_INT,
      column=r"(units_in_stock|stock|stock_level|count_on_hand|on_hand|in_stock|inventory"
             r"|stock_quantity|quantity_on_hand|qty_on_hand|available_quantity)",
      params=_range(0, 500), distribution=_lognormal(40, 1.0), note="items in stock"),
    R("core.integer", column=r"(units_on_order|on_order|reorder_level|reorder_point"
      r"|reorder_quantity|min_stock|safety_stock)", types=_INT, params=_range(0, 100),
      distribution=_lognormal(15, 0.8), note="a stock threshold"),
    R("core.integer", column=r"quantity|qty", types=_INT,
      table=r"\w*(movement|adjustment|transfer|transaction)",
      params=_range(-50, 50), note="a change of stock"),
    R("faker.quantity", column=r"quantity|qty|(\w+_)?(quantity|qty)|num_\w+|number_of_\w+",
      types=_INT),
    R("core.integer", types=_INT,
      column=r"(\w+_)?(views|view_count|downloads|download_count|hits|clicks|impressions"
             r"|visits|plays|play_count|likes|followers)",
      params=_range(0, 10_000_000), distribution=_lognormal(300, 1.6),
      note="a popularity counter"),
    R("core.integer", column=r"(\w+_)?(sign_in|login|logon|visit)_?count", types=_INT,
      params=_range(0, 2_000), distribution=_lognormal(12, 1.2), note="a login counter"),
    R("core.integer", column=r"failed_attempts|failed_login_attempts|(\w+_)?retries|attempts",
      types=_INT, params=_range(0, 5), distribution=_lognormal(0.5, 1.0),
      note="a small error counter"),
    R("core.integer", column=r"(\w+_)?(count|counter|total_\w+)", types=_INT,
      params=_range(0, 1_000), distribution=_lognormal(8, 1.2), note="a count"),
    R("core.integer", types=_INT,
      column=r"bytes|(\w+_)?(file_?size|size_?bytes|size_in_bytes|byte_size|filesize|size)",
      table=r"track|song|recording|audio|episode|podcast",
      params=_range(500_000, 60_000_000), distribution=_lognormal(7_500_000, 0.4),
      note="the size of an audio file"),
    R("core.integer", types=_INT,
      column=r"bytes|(\w+_)?(file_?size|size_?bytes|size_in_bytes|byte_size|filesize)",
      params=_range(200, 200_000_000), distribution=_lognormal(250_000, 1.8),
      note="a file size in bytes"),
    R("core.integer", column=r"(\w+_)?(width|height)", types=_INT,
      table=r"\w*(image|photo|picture|asset|attachment|thumbnail|media|video|screen|banner"
            r"|icon|avatar)",
      params=_range(64, 6_000), distribution=_lognormal(1_000, 0.6), note="pixels"),
    # ---------------------------------------------------------------- measures
    R("core.decimal", column=r"(\w+_)?weight(_kg)?|mass", types=_DEC,
      params=_range(0.05, 200), distribution=_lognormal(1.5, 1.0), note="a weight in kg"),
    R("core.decimal", column=r"(\w+_)?(height|width|depth|length)(_cm)?", types=_DEC,
      params=_range(0.5, 300), distribution=_lognormal(25, 0.8), note="a size in cm"),
    R("core.integer", column=r"range|max_range|flight_range|distance|(\w+_)?km", types=_INT,
      table=r"aircraft|airplane|plane|aircraft_data|jet|route|flight|leg|segment",
      params=_range(500, 16_000), distribution=_lognormal(4_000, 0.6),
      note="a flight distance in km"),
    R("core.integer", types=_INT,
      column=r"(max_|included_|paid_)?(seats|seat_count|licen[cs]es|licen[cs]e_count|users)"
             r"|user_limit|max_users",
      table=r"(\w+_)?(subscription|plan|licen[cs]e|account|organi[sz]ation|team|workspace"
            r"|tenant|customer|company)",
      params=_range(1, 1000), distribution=_lognormal(5, 1.0),
      note="seats of a subscription: a few, some teams many"),
    R("core.integer", column=r"capacity|seats|seat_count|max_passengers", types=_INT,
      table=r"aircraft|airplane|plane|aircraft_data|bus|vehicle|room|venue|hall|theater"
            r"|theatre",
      params=_range(10, 600), distribution=_lognormal(120, 0.7), note="seats"),
    R("core.integer", types=_INT,
      column=r"quantity|quantity_(available|total)|(total|max|available)_quantity|capacity"
             r"|inventory|stock|allocation|limit",
      table=TICKET_KINDS,
      params=_range(10, 5000), distribution=_lognormal(200, 0.9),
      note="tickets of a kind on sale: tens to thousands"),
    R("core.integer", column=r"port", types=_INT, params=_range(1024, 65535),
      note="a TCP port"),
    # ---------------------------------------------------------------- codes in a fixed shape
    R("core.vat_number", types=_TEXT,
      column=r"(\w+_)?vat(_?(number|no|id|code|reg(istration)?(_?(number|no))?))?",
      params={"country_column": row_column(r"(\w+_)?country(_?code|_iso\w*)?", r"iso_?country")},
      note="a VAT number of the row's country (NULL where it has none)"),
    R("core.pattern", types=_TEXT,
      column=r"(\w+_)?vat(_?(number|no|id|code|reg(istration)?(_?(number|no))?))?",
      params={"pattern": [VAT_FORMATS[c] for c in ("DE", "FR", "GB", "NL", "IT", "ES", "AT", "SE")],
              "weights": [6, 5, 5, 3, 3, 3, 1, 1]},
      note="a European VAT number (country prefix and its digits)"),
    R("core.pattern", types=_TEXT,
      column=r"(\w+_)?(tax_?id|ein|fein|federal_?tax_?id|employer_?id(entification)?_?(number|no)?"
             r"|tax_?(identification_?)?(number|no))",
      params={"pattern": "%#-#######"}, note="a tax id in the US EIN form (12-3456789)"),
    R("core.pattern", types=_TEXT,
      column=r"(card_?)?last_?(4|four)(_digits)?|(card|pan)_?(suffix|last_?digits)",
      params={"pattern": "####"}, note="a card's last four digits"),
    R("core.pattern", types=_TEXT,
      column=r"(license|licence|number|registration|reg|vehicle|car)_?plate(_?(number|no))?"
             r"|plate(_?(number|no))?|registration_?(number|no)|reg_?(number|no)",
      table=r"(\w+_)?(vehicle|car|truck|van|courier|driver|fleet|rental|parking\w*|bike"
            r"|scooter|motorcycle)",
      params={"pattern": PLATES,
              "weights": [5, 2, 2, 1]},
      note="a licence plate"),
    R("core.pattern", types=_TEXT,
      column=r"(license|licence|vehicle|car)_?plate(_?(number|no))?|plate_?(number|no)",
      params={"pattern": PLATES,
              "weights": [5, 2, 2, 1]},
      note="a licence plate"),
    R("core.pattern", types=_TEXT,
      column=r"(\w+_)?licen[cs]e_?(number|no|num)",
      params={"pattern": ["%#######", "??#######"]},
      note="a licence number (of a person's licence: an agent's, a driver's)"),
    # ---------------------------------------------------------------- flags
    # Half of every boolean true reads wrong in a demo: half the users admins, half the
    # rows deleted. Flags that mark exceptions are rarely true, states most rows are in
    # mostly true.
    R("core.boolean", types=_BOOL,
      column=r"(is_|has_been_)?(deleted|archived|banned|blocked|suspended|disabled|locked"
             r"|spam|flagged|fraud(ulent)?|test|hidden|cancell?ed|refunded|void(ed)?)",
      params={"true_ratio": 0.04}, note="an exception flag: rarely true"),
    R("core.boolean", types=_BOOL,
      column=r"(is_)?(admin|superuser|super_?admin|staff|moderator|root)",
      params={"true_ratio": 0.05}, note="an administrator flag: a few rows"),
    R("core.boolean", types=_BOOL,
      column=r"(is_)?(featured|pinned|sticky|promoted|premium|vip|starred|highlighted)",
      params={"true_ratio": 0.1}, note="a highlight: one row in ten"),
    R("core.boolean", types=_BOOL,
      column=r"(is_)?(active|enabled|visible|available|in_stock|valid|approved|public"
             r"|confirmed|verified|(email|phone)_(verified|confirmed)"
             r"|succeeded|success|successful|delivered|processed|captured"
             r"|is_(email|phone)_(verified|confirmed)|activebool)",
      params={"true_ratio": 0.9}, note="a state most rows are in: mostly true"),
    # ---------------------------------------------------------------- ratings and scores
    R("core.integer", column=r"(\w+_)?(rating|stars|star_rating)", types=_INT,
      params=_range(1, 5), distribution={"name": "weighted", "weights": [5, 8, 17, 35, 35],
                                         "values": [1, 2, 3, 4, 5]},
      note="a 1–5 star rating"),
    R("core.decimal", column=r"(\w+_)?(rating|stars|star_rating|avg_rating|average_rating)",
      types=_DEC, params=_range(1, 5, decimals=1), distribution=_normal(3.9, 0.7),
      note="an average 1–5 rating"),
    R("core.integer", column=r"(\w+_)?score", types=_INT, params=_range(0, 100),
      distribution=_normal(70, 15), note="a score out of 100"),
    R("core.password_hash", types=_TEXT,
      column=r"(\w+_)?(password|passwd|pwd|pass_?hash|password_?(hash|digest))"
             r"|(hashed|encrypted|crypted)_password",
      note="a password's hash (a hex digest the column holds), never a password"),
    R("faker.secondary_address", types=_TEXT,
      column=r"address_?2|address_?line_?2|addr_?2|street_?2|street_?address_?2"
             r"|(billing|shipping|home|mailing|postal|delivery)_address_?(line_?)?2"
             r"|apartment|apt|suite|unit_number",
      note="an address's second line: Apt. 512, Suite 204"),
    R("faker.state", types=_TEXT,
      column=r"(\w+_)?(district|region|state|province|county|prefecture)(_?name)?",
      references=r"city|citie|town|municipality",
      params={"city_from": parent_column(r"city|citie|town|municipality",
                                         r"city|name|city_name|title")},
      note="the state or district of the city the row's foreign key points at (that "
           "city's own name where pgmock does not know its state)"),
    R("faker.state", types=_TEXT, column=r"(\w+_)?district",
      note="a district: the locale's states and provinces"),
    R("faker.full_name", types=_TEXT,
      column=r"composer|songwriter|lyricist|writer|author|director|narrator|conductor"
             r"|performer|producer|(\w+_)?(composer|author|director)_?name",
      note="a person who made the work"),
    R("core.position", types=_INT,
      column=r"(\w+_)?(position|sort_?order|sort_?key|sort_?index|sort_?no|display_?order"
             r"|display_?position|order_?index|ordering|ordinal|line_?no|line_?number"
             r"|seq_?no|sequence_?no|sequence_?number|item_?number)",
      note="a sort order: 1, 2, 3 … per parent row (rowCount per), else along the table"),
    R("core.integer", column=r"(\w+_)?(priority|severity|level)", types=_INT,
      params=_range(1, 5), note="a small ordinal"),
    # ---------------------------------------------------------------- integer flags
    R("core.choice", types=_INT,
      column=r"active|enabled|visible|published|approved|confirmed|verified|available"
             r"|is_\w+|has_\w+|can_\w+|allow_\w+|(\w+_)?flag|flag_\w+|\w+_active|\w+_enabled",
      params={"values": [0, 1], "weights": [1, 4]},
      note="a flag stored as an integer: 0 or 1, mostly set"),
    R("core.choice", types=_INT,
      column=r"deleted|disabled|hidden|locked|archived|discontinued|sticky|blocked|banned"
             r"|suspended|cancelled|canceled|closed|spam|must_\w+|\w+_(deleted|disabled"
             r"|locked|hidden)",
      params={"values": [0, 1], "weights": [9, 1]},
      note="a flag stored as an integer: 0 or 1, mostly unset"),
    # ---------------------------------------------------------------- schools and courses
    # (a learning-management or course-registration app: institutions, faculty, courses,
    # sections, assignments and quizzes)
    R("mimesis.university", column=r"name|title|(institution|school|university|college)_?name",
      table=SCHOOLS, types=_TEXT, note="a list of schools: universities and colleges"),
    R("core.term", column=r"name|title|label|description", table=r"department|division|dept",
      schema_has=COURSEWORK, types=_TEXT, params={"vocabulary": "academic_department"},
      note="an academic department (Mathematics, History …), in a database of courses"),
    R("faker.full_name", column=r"name", table=FACULTY, types=_TEXT,
      note="the name of a teacher, in a table of faculty"),
    R("core.term", column=r"title|rank|academic_?(title|rank)|position", table=FACULTY,
      types=_TEXT, params={"vocabulary": "academic_rank", "distinct": False},
      note="a teacher's rank: Professor, Lecturer …"),
    R("core.pattern", types=_TEXT,
      column=r"(student|matriculation|matric|enrol(l)?ment|roll)_?(number|no|num|id"
             r"|code)",
      params={"pattern": "%########"}, note="a student number: nine digits"),
    R("core.pattern", column=r"section(_?(number|no|num|code))?", table=SECTIONS, types=_TEXT,
      params={"pattern": ["00%", "01#"], "weights": [4, 1]},
      note="a section's number: 001, 002 …"),
    R("core.integer", types=_INT,
      column=r"capacity|(max|maximum)_?(enrollment|enrolment|students|size|seats)|seats"
             r"|enrol(l)?ment_?(cap|limit)|class_?size",
      table=SECTIONS, params=_range(8, 300), distribution=_lognormal(35, 0.5),
      note="seats of a class: a few dozen, lectures some hundreds"),
    R("core.choice", column=MAX_POINTS, table=ASSESSED, types=_NUM,
      params={"values": [5, 10, 20, 25, 50, 100], "weights": [1, 4, 3, 2, 2, 3]},
      note="what an assignment is marked out of: 10, 20, 50, 100 points"),
    R("core.choice", column=r"points|marks|weight", table=QUESTIONS, types=_NUM,
      params={"values": [1, 2, 5, 10], "weights": [6, 3, 2, 1]},
      note="a question's points: mostly 1 or 2"),
    R("core.choice", column=r"(max|allowed)_?attempts|attempts_?allowed", types=_INT,
      params={"values": [1, 2, 3, 5], "weights": [6, 2, 2, 1]},
      note="how many attempts a quiz allows: mostly one"),
    R("core.integer", column=r"attempt(_?(number|no|num))?", types=_INT, params=_range(1, 3),
      distribution={"name": "weighted", "weights": [8, 2, 1], "values": [1, 2, 3]},
      note="which attempt: mostly the first"),
    R("core.share", types=_NUM,
      column=r"(\w+_)?(score|points|points_?(earned|awarded|scored)|marks?|grade_points)",
      table=r"(\w+_)?(submission|attempt|quiz_attempt|exam_attempt|grade|result|answer"
            r"|response|mark)",
      params={"of_parent": parent_column(ASSESSED, MAX_POINTS), "min": 0.4, "max": 1.0},
      note="a score of at most the points of the assignment or quiz it is for"),
    R("core.decimal", column=r"(\w+_)?gpa|grade_point_average", types=_DEC,
      params=_range(0, 4, decimals=2), distribution=_normal(3.1, 0.5),
      note="a grade point average out of 4, around 3"),
    R("core.choice", column=r"(course_)?level", table=COURSES, types=_INT,
      params={"values": [100, 200, 300, 400, 500], "weights": [4, 3, 3, 2, 1]},
      note="a course's level: 100 (first year) to 400, a few graduate 500s"),
    R("core.pattern", column=r"room(_?(number|no|name|code))?|classroom|location", types=_TEXT,
      table=SECTIONS, params={"pattern": ["Room %##", "Hall %##", "Lab %#"],
                              "weights": [6, 2, 1]},
      note="where a class meets: Room 214"),
    R("core.pattern", column=r"office(_?(number|no|room|location))?|room", table=FACULTY,
      types=_TEXT, params={"pattern": "Room %##"}, note="a teacher's office: Room 214"),
    R("core.choice", column=r"(meeting_?)?days|days_of_week|meeting_pattern|meets",
      table=SECTIONS, types=_TEXT,
      params={"values": ["MWF", "TR", "MW", "M", "T", "W", "R", "F"],
              "weights": [5, 5, 3, 1, 1, 1, 1, 1]},
      note="the days a class meets: MWF, TR …"),
    R("core.integer", column=r"credits?|credit_hours|units|ects(_credits)?", table=COURSES,
      types=_INT, params=_range(1, 6),
      distribution={"name": "weighted", "weights": [1, 2, 8, 3, 1, 1],
                    "values": [1, 2, 3, 4, 5, 6]},
      note="a course's credits: mostly 3"),
)  # fmt: skip


#: The data's present is the end of REFERENCE_YEAR, where core.date's and core.timestamp's
#: default range ends: a period whose status says it is to come starts after it; one under
#: way started in its last year; one that is over started more than a year before it, so
#: that its end, at most a year later (the period lifecycle), is past too.
PERIOD_WINDOWS = (
    StatusWindow(frozenset({
        "planned", "planning", "scheduled", "upcoming", "not_started", "proposed", "pending",
        "draft", "todo", "to_do", "backlog", "future",
    }), f"{Y + 1}-01-01", f"{Y + 1}-12-31"),
    StatusWindow(frozenset({
        "active", "in_progress", "ongoing", "running", "on_hold", "paused", "started",
        "current", "open",
    }), f"{Y}-01-01", f"{Y}-12-31"),
    StatusWindow(frozenset({
        "completed", "complete", "done", "finished", "closed", "cancelled", "canceled",
        "archived", "ended", "expired", "abandoned", "failed", "delivered", "resolved",
    }), "2015-01-01", f"{Y - 1}-12-31"),
)  # fmt: skip


#: Moments of a row in the order they happen. A later stage is "after" the previous
#: stage present in the row (declared before it), within the stage's interval.
LIFECYCLES: tuple[Lifecycle, ...] = (
    Lifecycle("record", (
        Stage(r"(created|creation|inserted|added|registered|signed_up|signup)"
              r"(_at|_on|_date|_time|_ts|_datetime|_timestamp)?|date_(created|added)"
              r"|create_(date|time)"),
        Stage(r"(updated|modified|changed|edited|last_update|last_updated|last_modified)"
              r"(_at|_on|_date|_time|_ts|_datetime|_timestamp)?|date_(updated|modified)"
              r"|update_(date|time)", within="365 days"),
        Stage(r"(deleted|removed|archived|destroyed|purged)(_at|_on|_date|_time|_ts)?",
              within="365 days", null_ratio=0.9),
    ), note="created ≤ updated ≤ deleted", after_parent="90 days", begins_row=True),
    Lifecycle("happening", (
        Stage(r"(starts?|start_time|begins?|start_date|doors_open|opens?)(_at|_on|_time)?"),
        Stage(r"(ends?|end_time|finish(es)?|end_date|closes?)(_at|_on|_time)?",
              within="3 days"),
    ), table=r"(\w+_)?(event|conference|concert|festival|meetup|gig|webinar|session|talk"
             r"|performance|showtime|match|game|class_session)",
        note="an event starts, then ends within hours or days"),
    # (schools and courses)
    Lifecycle("coursework", (
        Stage(r"(published|assigned|released|available|available_from|opens?|posted"
              r"|unlock(s|ed)?)(_at|_on|_date|_time)?|(release|open|publish|assign)_(date|time)"),
        Stage(r"due(_at|_on|_date|_by|_time)?|deadline|submission_deadline"
              r"|(closes?|lock(s|ed)?)(_at|_on|_date|_time)?|close_(date|time)",
              within="21 days"),
    ), table=ASSESSED,
        note="published ≤ due: work is handed in between the two, within three weeks (before "
             "period, whose opens … closes it would otherwise take)",
        bounds_children=True),
    Lifecycle("period", (
        Stage(r"(\w+_)?(start|starts|started|begin|begins|began|from|effective_from"
              r"|valid_from|available_from|available_on|opens?)(_at|_on|_date|_time|_ts)?"
              r"|(start|begin|effective|available)_(date|time)|date_(start|from)"),
        Stage(r"(\w+_)?(end|ends|ended|finish|finished|until|to|expires|expired|expiry"
              r"|expiration|effective_to|valid_to|valid_until|valid_through|discontinue_on"
              r"|closes?)(_at|_on|_date|_time|_ts)?|(end|finish|expir(y|ation)|due)_(date"
              r"|time)|date_(end|to)", within="365 days"),
    ), note="start ≤ end", since_parents=True, windows=PERIOD_WINDOWS),
    Lifecycle("term", (
        Stage(r"(start|starts|started|begin|begins|began)(_at|_on|_date)?"
              r"|(start|begin)_(date|time)|date_(start|from)"),
        Stage(r"(end|ends|ended|finish|finishes|finished)(_at|_on|_date)?"
              r"|(end|finish)_(date|time)|date_(end|to)", within="365 days"),
    ), table=r"(\w+_)?(project|contract|campaign|sprint|engagement|assignment|lease|job"
             r"|course|program|programme|initiative|phase|milestone|semester|season|grant)",
        note="a row's own start ≤ end (a project's, not a trial's or a current period's): "
             "the moments of its children lie within them (not an event's: its tickets "
             "are bought before it)", bounds_children=True),
    Lifecycle("closing", (
        Stage(r"(created|creation|inserted|added|opened|submitted|reported|filed)"
              r"(_at|_on|_date|_time|_ts)?|date_(created|opened)"),
        Stage(r"(closed|resolved|solved|completed|finished|done|cancell?ed|approved|confirmed"
              r"|accepted|rejected|archived)(_at|_on|_date|_time|_ts)?", within="120 days",
              null_ratio=0.4),
    ), note="created ≤ closed, completed, canceled"),
    Lifecycle("publication", (
        Stage(r"(created|creation|inserted|added|written|drafted|submitted)"
              r"(_at|_on|_date|_time|_ts)?|date_(created|added)"),
        Stage(r"(published|publish|publication|first_published|went_live|go_live)"
              r"(_at|_on|_date|_time|_ts)?|publish(ed)?_date|date_published",
              within="30 days", null_ratio=0.3),
    ), note="created ≤ published; some rows not published yet"),
    Lifecycle("opened", (
        Stage(r"opened(_at|_on|_date)?|open_(date|time)"),
        Stage(r"(closed|resolved|solved)(_at|_on|_date)?|close_(date|time)",
              within="90 days", null_ratio=0.3),
    ), note="opened ≤ closed", since_parents=True),
    Lifecycle("order", (
        Stage(r"(order|ordered|placed|purchase|purchased|booked|book)(_at|_on|_date|_time)?"
              r"|(order|purchase|booking|book)_date"),
        Stage(r"(paid|payment|charged)(_at|_on|_date|_time)?", within="3 days"),
        Stage(r"(approved|confirmed|accepted)(_at|_on|_date|_time)?", within="3 days"),
        Stage(r"(shipped|ship|dispatched|dispatch)(_at|_on|_date|_time)?",
              within="7 days", null_ratio=0.1),
        Stage(r"(delivered|delivery|received)(_at|_on|_date|_time)?", within="10 days",
              null_ratio=0.15),
    ), note="ordered ≤ paid ≤ shipped ≤ delivered", since_parents=True),
    Lifecycle("required", (
        Stage(r"(order|ordered|placed)(_at|_on|_date|_time)?|order_date"),
        Stage(r"required(_at|_on|_date|_by)?|(requested|due|promised)_(delivery|ship)"
              r"(_date)?", within="30 days"),
    ), note="ordered ≤ required"),
    Lifecycle("invoice", (
        Stage(r"(issued|issue|invoice|invoiced|billed|bill)(_at|_on|_date|_time)?"
              r"|(invoice|issue|bill)_date"),
        Stage(r"due(_at|_on|_date|_by)?|payment_due(_date)?", within="45 days"),
        Stage(r"(paid|payment|settled)(_at|_on|_date|_time)?", within="25 days",
              null_ratio=0.2, follows=0),
    ), note="issued ≤ due; paid after it was issued, mostly before it fell due",
        since_parents=True),
    Lifecycle("stay", (
        Stage(r"check_?in(_at|_on|_date|_time)?|arrival(_date)?"),
        Stage(r"check_?out(_at|_on|_date|_time)?|departure(_date)?", within="14 days"),
    ), table=r"\w*(stay|reservation|visit|booking|guest|room|hotel|admission|lodging)",
        note="check-in ≤ check-out", since_parents=True),
    Lifecycle("checkin", (
        Stage(r"check_?in(_at|_on|_date|_time)?"),
        Stage(r"check_?out(_at|_on|_date|_time)?", within="14 days"),
    ), note="check-in ≤ check-out", since_parents=True),
    Lifecycle("rental", (
        Stage(r"(rental|rented|rent|borrowed|loaned|loan|checkout|checked_out)"
              r"(_at|_on|_date|_time)?"),
        Stage(r"(return|returned|due_back|checked_in)(_at|_on|_date|_time)?",
              within="10 days", null_ratio=0.02),
    ), note="rental ≤ return; a few rentals are still open", since_parents=True),
    Lifecycle("loan", (
        Stage(r"(rental|rented|borrowed|loaned|loan|lent|checkout|checked_out)"
              r"(_at|_on|_date|_time)?"),
        Stage(r"due(_at|_on|_date|_by|_back)?|return_by|due_back_(at|on|date)",
              within="28 days"),
    ), note="lent ≤ due: a loan is due within four weeks", since_parents=True),
    Lifecycle("joining", (
        Stage(r"(hire|hired|joined|join|enrolled|enrolment|enrollment|member_since"
              r"|start_of_employment|employed)(_at|_on|_date)?|date_(hired|joined)"),
        Stage(r"(created|creation|inserted|added)(_at|_on|_date|_time|_ts|_datetime"
              r"|_timestamp)?|date_(created|added)|create_(date|time)", within="1 day"),
    ), note="joined, then the row created the same day", begins_row=True),
    Lifecycle("employment", (
        Stage(r"(hire|hired|employment|joined|join|start_of_employment|employed)"
              r"(_at|_on|_date)?|date_(hired|joined)"),
        Stage(r"(terminated|termination|fired|left|resigned|separation|leave|exit)"
              r"(_at|_on|_date)?", within="3650 days", null_ratio=0.8),
    ), note="hired ≤ terminated", begins_row=True),
    Lifecycle("holding", (
        Stage(r"(acquired|acquisition|accessioned|catalog(u)?ed|stocked)(_at|_on|_date)?"
              r"|date_acquired"),
        Stage(r"(withdrawn|discarded|disposed|deaccessioned|weeded|retired|lost)"
              r"(_at|_on|_date)?", within="3650 days", null_ratio=0.9),
    ), note="acquired ≤ withdrawn: a copy or asset the rows of its children come after",
        begins_row=True),
    Lifecycle("work", (
        Stage(r"(work|worked|spent|shift|entry|log|logged|activity|timesheet)_(date|day|on)"
              r"|(worked|spent|performed)_(on|at)|date_worked"),
        Stage(r"(submitted|approved|signed_off)(_at|_on|_date)?", within="14 days",
              null_ratio=0.1),
    ), note="worked ≤ submitted: time booked after the employee was hired, within the "
            "project's dates", since_parents=True),
    Lifecycle("life", (
        Stage(r"(\w+_)?(birth_?date|date_?of_?birth|dob|birthday|born(_on|_at)?)"),
        Stage(r"(\w+_)?(death|died|deceased|date_of_death)(_on|_at|_date)?",
              within="36500 days", null_ratio=0.95),
    ), note="birth ≤ death"),
    Lifecycle("flight", (
        Stage(r"(\w+_)?(departure|departed|takeoff|depart)(_at|_on|_date|_time)?"),
        Stage(r"(\w+_)?(arrival|arrived|landing|arrive)(_at|_on|_date|_time)?",
              within="16 hours"),
    ), table=r"\w*(flight|leg|segment|trip|journey|route|voyage|train|bus|transfer)",
        note="departure ≤ arrival"),
    Lifecycle("admission", (
        Stage(r"(purchased|bought|booked|reserved|registered|issued|ordered|sold)"
              r"(_at|_on|_date|_time)?|(purchase|booking|registration)_(date|time)"),
        Stage(r"(checked_in|check_in|scanned|redeemed|admitted|attended|used|entered)"
              r"(_at|_on|_date|_time)?", within="120 days", null_ratio=0.3),
    ), table=r"\w*(ticket|admission|registration|booking|reservation|attendee|pass|entry)",
        note="bought ≤ checked in at the door; some never came"),
    Lifecycle("listing", (
        Stage(r"(listed|listing|list|on_market)(_at|_on|_date)?|(listing|list)_date"
              r"|date_listed"),
        Stage(r"(pending|under_contract|contract)(_at|_on|_date)?", within="60 days",
              null_ratio=0.4),
        Stage(r"(sold|closed|sale|closing)(_at|_on|_date)?|(sale|closing)_date|date_sold",
              within="45 days", null_ratio=0.4),
    ), note="listed ≤ under contract ≤ sold"),
    Lifecycle("expiring", (
        Stage(r"(submitted|offered|sent|issued|made|invited|quoted|proposed|placed)"
              r"(_at|_on|_date|_time)?"),
        Stage(r"(expires|expiry|expiration|expired|valid_until|valid_till|good_until)"
              r"(_at|_on|_date|_time)?", within="14 days"),
    ), table=r"(\w+_)?(offer|bid|quote|quotation|proposal|invitation|invite|estimate)",
        note="an offer is made, then expires within two weeks"),
    Lifecycle("message", (
        Stage(r"(sent|posted|submitted)(_at|_on|_date|_time)?"),
        Stage(r"(read|seen|opened|acknowledged|answered|replied)(_at|_on|_date|_time)?",
              within="7 days", null_ratio=0.3),
    ), note="sent ≤ read", since_parents=True),
    Lifecycle("support", (
        Stage(r"(created|creation|opened|submitted|reported|requested|received|raised|logged"
              r"|filed)(_at|_on|_date|_time|_ts)?|date_(created|opened)"),
        Stage(r"(first_)?(reply|replied|response|responded|answered|contact|contacted)"
              r"(_at|_on|_date|_time|_ts)|first_(reply|response)|(acknowledged|triaged)"
              r"(_at|_on|_date|_time|_ts)?", within="1 day", null_ratio=0.1),
        Stage(r"(solved|resolved|closed|fixed)(_at|_on|_date|_time|_ts)?", within="14 days",
              null_ratio=0.4),
    ), table=SUPPORT_TABLES,
        note="a ticket is opened, first answered within a day, solved within two weeks"),
    Lifecycle("deadline", (
        Stage(r"(created|creation|opened|submitted|reported|requested|received|raised|logged"
              r"|filed)(_at|_on|_date|_time|_ts)?|date_(created|opened)"),
        Stage(r"(due|deadline|due_by|respond_by|resolve_by|sla_due|sla_breach)"
              r"(_at|_on|_date|_time|_ts)?", within="7 days"),
    ), table=SUPPORT_TABLES, note="a ticket falls due within a week of being opened"),
    Lifecycle("login", (
        Stage(r"(created|registered|signed_up|signup)(_at|_on|_date)?"),
        Stage(r"(last_login|last_sign_in|last_seen|last_active|last_request|current_sign_in"
              r"|last_login_on|last_visit)(_at|_on|_date|_time)?", within="730 days",
              null_ratio=0.05),
    ), note="created ≤ last login"),
    # ---------------------------------------------------------------- schools and courses
    Lifecycle("enrolment", (
        Stage(r"(enrolled|enrol(l)?ment|registered|joined|subscribed)(_at|_on|_date|_time)?"),
        Stage(r"(dropped|withdrawn|withdrew|unenrolled|deregistered)(_at|_on|_date|_time)?",
              within="60 days", null_ratio=0.85),
    ), note="enrolled ≤ dropped: a student leaves a course after joining it"),
    # -------------------------------------------------------- subscriptions
    Lifecycle("subscription", (
        Stage(r"(created|creation|inserted|added|subscribed|signed_up|signup)"
              r"(_at|_on|_date|_time|_ts)?|date_(created|subscribed)"),
        Stage(r"(current_)?(billing_)?period_(start|begin|from)(s|ed)?(_at|_on|_date|_time)?",
              within="730 days"),
    ), table=SUBSCRIPTIONS,
        note="created ≤ the current period's start: a subscription renews after it began"),
)  # fmt: skip


@hookimpl
def pgmock_register_inference_rules(registry: Registrar) -> None:
    for rule in RULES:
        registry.add_rule(rule)
    for lifecycle in LIFECYCLES:
        registry.add_lifecycle(lifecycle)
