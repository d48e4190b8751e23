"""The named people of the demo organisation: the plan's owners, the response teams'
leaders and members, and the suppliers' people an engineer would actually phone.

Keys ("helen", "lukasz") are how teams, call trees, runbooks and the incident log refer
to people. `country` is where they live: their mobile and home numbers come from there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    key: str
    given: str
    surname: str
    job_title: str
    department: str
    site: str | None
    country: str
    supplier: str | None = None
    #: The name as the person writes it, when that is not "given surname" (田中 太郎).
    written: str | None = None
    #: The e-mail local part, when it cannot be derived from the name.
    email: str | None = None
    #: Days since someone confirmed the numbers; None draws a recent date.
    verified_days_ago: int | None = None
    availability: str = ""
    notes: str = ""

    @property
    def full_name(self) -> str:
        return self.written or f"{self.given} {self.surname}"


ON_CALL = "On the IT on-call rota (week {week} of 4); outside that week, best effort."

STAFF: tuple[Person, ...] = (
    Person("helen", "Helen", "Ashworth", "Head of IT Service Continuity", "IT Governance",
           "leeds", "GB", availability="Reachable 24/7 on mobile during an invoked incident."),
    Person("margaret", "Margaret", "Holroyd", "Chief Operating Officer", "Executive", "leeds",
           "GB", availability="Via her EA in office hours; mobile out of hours for CMT matters."),
    Person("rajesh", "Rajesh", "Iyer", "Chief Information Officer", "Executive", "leeds", "GB"),
    Person("david", "David", "Okafor", "Chief Financial Officer", "Executive", "leeds", "GB"),
    Person("claire", "Claire", "Whitaker", "HR Director", "Human Resources", "leeds", "GB"),
    Person("fiona", "Fiona", "MacLeod", "Head of Communications", "Communications", "leeds",
           "GB", availability="Press on-call phone 24/7: use her mobile."),
    Person("aoife", "Aoife", "Byrne", "Internal Communications Manager", "Communications",
           "leeds", "GB"),
    Person("tom", "Tom", "Hargreaves", "Infrastructure Manager", "IT Infrastructure", "leeds",
           "GB", availability=ON_CALL.format(week=1)),
    Person("soren", "Søren", "Ørsted", "Cloud and Platform Lead", "IT Infrastructure",
           "copenhagen", "DK", availability=ON_CALL.format(week=2),
           notes="Owns the Azure and AWS landing zones; holds one of the two break-glass "
           "envelopes."),
    Person("sam", "Sam", "Patel", "Senior Windows Engineer", "IT Infrastructure", "leeds", "GB",
           availability=ON_CALL.format(week=3)),
    Person("jurgen", "Jürgen", "Müller", "Network Manager", "IT Network", "hamburg", "DE",
           email="juergen.mueller", verified_days_ago=243,
           availability="No calls 23:00–06:00 unless the network core is down."),
    Person("padraig", "Pádraig", "Ó Súilleabháin", "Senior Network Engineer", "IT Network",
           "leeds", "GB", availability=ON_CALL.format(week=4)),
    Person("pawel", "Paweł", "Szymański", "Network Engineer", "IT Network", "lodz", "PL"),
    Person("priya", "Priya", "Raghunathan", "Head of Applications", "IT Applications", "leeds",
           "GB"),
    Person("yulia", "Юлия", "Смирнова", "Senior ERP Developer", "IT Applications", "lodz", "PL",
           email="yulia.smirnova", notes="Speaks Polish, Russian and English."),
    Person("vikram", "Vikram", "Nair", "Database Administrator", "IT Applications", "leeds",
           "GB", availability="DBA on-call alternate weeks with Marek; rota on the IT wiki."),
    Person("gareth", "Gareth", "Llewellyn", "Service Desk Manager", "IT Service Desk", "leeds",
           "GB"),
    Person("siobhan", "Siobhán", "Ní Bhriain", "Service Desk Team Leader (out of hours)",
           "IT Service Desk", None, "IE", verified_days_ago=301,
           notes="Works remotely from Dublin; leads the out-of-hours service desk shift."),
    Person("seun", "Oluwaseun", "Adeyemi", "Head of Information Security",
           "Information Security", "leeds", "GB", email="seun.adeyemi"),
    Person("zoe", "Ζωή", "Παπαδοπούλου", "Information Security Analyst", "Information Security",
           None, "GR", email="zoi.papadopoulou",
           notes="Works remotely from Athens (UTC+2); in Leeds one week a month."),
    Person("chloe", "Chloe", "Barraclough", "Facilities Manager", "Facilities", "leeds", "GB"),
    Person("lukasz", "Łukasz", "Wróbel", "IT Site Manager, Łódź", "IT Infrastructure", "lodz",
           "PL", availability="Lives 10 minutes from the Łódź site; can be on site in 20."),
    Person("agnieszka", "Agnieszka", "Kowalczyk", "Facilities Manager, Łódź", "Facilities",
           "lodz", "PL"),
    Person("krzysztof", "Krzysztof", "Dąbrowski", "Warehouse Operations Manager, Łódź",
           "Warehouse Operations", "lodz", "PL", verified_days_ago=197),
    Person("malgorzata", "Małgorzata", "Zając", "Payroll Team Leader", "Human Resources",
           "lodz", "PL"),
    Person("beata", "Beata", "Wiśniewska", "Shared Service Centre Director", "Finance", "lodz",
           "PL"),
    Person("marek", "Marek", "Grabowski", "Database Administrator", "IT Applications", "lodz",
           "PL", availability="DBA on-call alternate weeks with Vikram."),
    Person("pieter", "Pieter", "van der Berg", "Site Manager, Rotterdam", "Warehouse Operations",
           "rotterdam", "NL"),
    Person("femke", "Femke", "de Vries", "WMS Key User", "Warehouse Operations", "rotterdam",
           "NL"),
    Person("katrin", "Katrin", "Schäfer", "Branch Manager, Hamburg", "Transport Planning",
           "hamburg", "DE", email="katrin.schaefer"),
    Person("mariajose", "María José", "Fernández", "Customer Service Manager",
           "Customer Service", "leeds", "GB", email="mariajose.fernandez"),
    Person("callum", "Callum", "Sutcliffe", "Transport Planning Manager", "Transport Planning",
           "leeds", "GB", verified_days_ago=412),
)  # fmt: skip

SUPPLIER_PEOPLE: tuple[Person, ...] = (
    Person("taro", "太郎", "田中", "Escalation Engineer", "Field Service", None, "JP",
           supplier="hoshizora", written="田中 太郎", email="taro.tanaka",
           notes="Tokyo office, UTC+9. Call via the 24/7 line first; he calls back."),
    Person("mathieu", "Mathieu", "Lefèvre", "Support Manager", "Customer Support", None, "FR",
           supplier="tessera"),
    Person("elodie", "Élodie", "Fontaine", "Merchant Success Manager", "Merchant Services",
           None, "FR", supplier="anchorpay"),
    Person("joseantonio", "José Antonio", "García Núñez", "Support Centre Lead, Madrid",
           "Global Support", None, "ES", supplier="meridian", email="joseantonio.garcia"),
    Person("ananya", "Ananya", "Deshpande", "L3 Support Lead, Pune", "Global Support", None,
           "IN", supplier="meridian", notes="Pune L3 team, UTC+5:30; covers the EU night."),
    Person("cian", "Cian", "Murphy", "Technical Account Manager", "Managed Cloud", None, "IE",
           supplier="kestrel"),
    Person("rebecca", "Rebecca", "Sutcliffe", "Recovery Centre Manager", "Operations",
           "manchester", "GB", supplier="northern_recovery"),
    Person("neil", "Neil", "Crowther", "NOC Manager", "Network Operations", None, "GB",
           supplier="pennine_fibre"),
    Person("amira", "Amira", "Hussain", "SOC Manager", "Security Operations", None, "GB",
           supplier="sentinel"),
    Person("henning", "Henning", "Petersen", "Service Engineer", "Field Service", None, "DE",
           supplier="elbe"),
    Person("grzegorz", "Grzegorz", "Michalak", "Kierownik NOC (NOC Manager)", "NOC", None, "PL",
           supplier="wisla_net"),
    Person("darragh", "Darragh", "Kelly", "Service Delivery Manager", "Customer Operations",
           None, "GB", supplier="aire_valley"),
)  # fmt: skip

CAST: tuple[Person, ...] = STAFF + SUPPLIER_PEOPLE
