"""Name parts for generated people, by where they come from, and their e-mail spelling.

A person is a given name and a surname from one nationality; surnames that change with
gender (Polish -ski/-ska, Greek -os/-ou) are listed as (masculine, feminine) pairs. Where
a name comes from is not where its owner lives: phone numbers follow the site.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

Surname = str | tuple[str, str]


@dataclass(frozen=True)
class Nationality:
    code: str
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[Surname, ...]

    def person(self, rng: random.Random) -> tuple[str, str]:
        """(given name, surname) of someone new."""
        female = rng.random() < 0.5
        given = rng.choice(self.women if female else self.men)
        surname = rng.choice(self.surnames)
        if isinstance(surname, tuple):
            surname = surname[1] if female else surname[0]
        return given, surname


NATIONALITIES: tuple[Nationality, ...] = (
    Nationality(
        "GB",
        ("Sarah", "Emma", "Rachel", "Hannah", "Joanne", "Laura", "Gemma", "Rebecca", "Alison",
         "Katie", "Nicola", "Amy", "Bethany", "Charlotte", "Lucy", "Zara", "Amira", "Naomi"),
        ("James", "Daniel", "Matthew", "Andrew", "Richard", "Craig", "Stuart", "Lee", "Adam",
         "Jonathan", "Ryan", "Gavin", "Neil", "Owen", "Callum", "Imran", "Kwame", "Rhys"),
        ("Ackroyd", "Barker", "Brook", "Crowther", "Dawson", "Firth", "Greenwood", "Haigh",
         "Hirst", "Illingworth", "Jagger", "Lockwood", "Moorhouse", "Pickles", "Rhodes",
         "Sutcliffe", "Thackray", "Walker", "Wood", "Hussain", "Begum", "Mensah", "Evans",
         "Morgan", "Campbell"),
    ),
    Nationality(
        "IE",
        ("Aoife", "Siobhán", "Niamh", "Caoimhe", "Róisín", "Orla", "Sinéad", "Gráinne", "Clodagh",
         "Eimear", "Saoirse", "Méabh"),
        ("Pádraig", "Cian", "Darragh", "Eoin", "Ciarán", "Seán", "Colm", "Diarmuid", "Tadhg",
         "Oisín", "Donal", "Fionn"),
        ("Byrne", "Ó Súilleabháin", "Murphy", "Kelly", "O'Brien", "Ní Bhriain", "Walsh",
         "McCarthy", "Doyle", "Ó Ceallaigh", "Gallagher", "Fitzgerald", "Nic Giolla Phádraig",
         "Brennan", "Ó Dónaill"),
    ),
    Nationality(
        "PL",
        ("Agnieszka", "Małgorzata", "Katarzyna", "Joanna", "Magdalena", "Beata", "Żaneta",
         "Urszula", "Dorota", "Aleksandra", "Zofia", "Justyna"),
        ("Łukasz", "Paweł", "Krzysztof", "Grzegorz", "Michał", "Piotr", "Tomasz", "Wojciech",
         "Jarosław", "Bartłomiej", "Zbigniew", "Mikołaj"),
        (("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Dąbrowski", "Dąbrowska"),
         ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"), ("Kozłowski", "Kozłowska"),
         ("Jankowski", "Jankowska"), ("Zając", "Zając"), ("Wróbel", "Wróbel"),
         ("Kaczmarek", "Kaczmarek"), ("Grabowski", "Grabowska"), ("Pawłowski", "Pawłowska"),
         ("Michalak", "Michalak"), ("Sikora", "Sikora"), ("Bąk", "Bąk"), ("Żak", "Żak")),
    ),
    Nationality(
        "UA",
        ("Олена", "Ірина", "Оксана", "Наталія", "Тетяна", "Юлія"),
        ("Андрій", "Олександр", "Дмитро", "Сергій", "Богдан", "Тарас"),
        (("Шевченко", "Шевченко"), ("Коваленко", "Коваленко"), ("Бондаренко", "Бондаренко"),
         ("Ткаченко", "Ткаченко"), ("Мельник", "Мельник"), ("Кравчук", "Кравчук")),
    ),
    Nationality(
        "DE",
        ("Katrin", "Anja", "Sabine", "Jana", "Ute", "Lea", "Jülide", "Franziska", "Birgit",
         "Frauke", "Heike", "Ilse"),
        ("Jürgen", "Stefan", "Björn", "Uwe", "Sören", "Jörg", "Matthias", "Henning", "Lars",
         "Torsten", "Malte", "Günther"),
        ("Müller", "Schäfer", "Schröder", "Köhler", "Weiß", "Groß", "Jäger", "Hoffmann",
         "Becker", "Krüger", "Meißner", "Voß", "Petersen", "Brandt", "Lüdemann"),
    ),
    Nationality(
        "NL",
        ("Femke", "Sanne", "Anouk", "Marieke", "Lotte", "Ilse", "Esther", "Inge", "Noor"),
        ("Pieter", "Joost", "Sander", "Maarten", "Bram", "Ruud", "Thijs", "Wouter", "Jeroen"),
        ("de Vries", "van der Berg", "Janssen", "Bakker", "Visser", "Smit", "de Jong",
         "van Dijk", "Mulder", "van den Heuvel", "Dekker", "Kuijpers", "IJzerman"),
    ),
    Nationality(
        "FR",
        ("Élodie", "Camille", "Anaïs", "Chloé", "Hélène", "Margaux", "Léa", "Maëlle"),
        ("Mathieu", "Théo", "François", "Jérôme", "Benoît", "Loïc", "Rémi", "Gaëtan"),
        ("Lefèvre", "Fontaine", "Girard", "Moreau", "Rousseau", "Bérenger", "Lemaître",
         "Durand", "Chevalier", "Dubois"),
    ),
    Nationality(
        "ES",
        ("María José", "Begoña", "Lucía", "Nuria", "Carmen", "Iratxe", "Pilar", "Ainhoa"),
        ("José Antonio", "Íñigo", "Javier", "Álvaro", "Sergio", "Jordi", "Rubén", "Óscar"),
        ("García Núñez", "Fernández", "Iturriaga", "Martínez", "Sánchez Peña", "Ibáñez",
         "Muñoz", "Castaño", "Ortiz", "Jiménez"),
    ),
    Nationality(
        "IN",
        ("Priya", "Ananya", "Deepa", "Kavya", "Lakshmi", "Meera", "Shreya", "Divya"),
        ("Rajesh", "Vikram", "Arjun", "Sanjay", "Karthik", "Rohit", "Anil", "Suresh"),
        ("Iyer", "Nair", "Raghunathan", "Deshpande", "Kulkarni", "Reddy", "Banerjee",
         "Chatterjee", "Menon", "Joshi", "Gupta", "Krishnamurthy"),
    ),
    Nationality(
        "DK",
        ("Mette", "Signe", "Ida", "Freja", "Maja", "Astrid"),
        ("Søren", "Rasmus", "Mikkel", "Jesper", "Morten", "Anders"),
        ("Ørsted", "Jørgensen", "Nielsen", "Sørensen", "Mørch", "Kjærgaard", "Lindqvist"),
    ),
    Nationality(
        "GR",
        ("Ζωή", "Ελένη", "Μαρία", "Κατερίνα", "Δήμητρα"),
        ("Γιώργος", "Νίκος", "Κώστας", "Δημήτρης", "Αλέξανδρος"),
        (("Παπαδόπουλος", "Παπαδοπούλου"), ("Οικονόμου", "Οικονόμου"),
         ("Γεωργίου", "Γεωργίου"), ("Αντωνόπουλος", "Αντωνοπούλου")),
    ),
)  # fmt: skip

#: The mix of name origins among generated staff, by the country of their site.
LOCAL_MIX: dict[str, dict[str, int]] = {
    "GB": {"GB": 60, "IE": 8, "IN": 10, "PL": 10, "ES": 3, "FR": 3, "GR": 2, "DE": 2, "NL": 2},
    "PL": {"PL": 80, "UA": 15, "GB": 3, "DE": 2},
    "NL": {"NL": 80, "DE": 8, "PL": 8, "GB": 4},
    "DE": {"DE": 80, "PL": 8, "NL": 4, "GR": 4, "DK": 4},
    "DK": {"DK": 85, "DE": 10, "GB": 5},
    "IE": {"IE": 85, "GB": 10, "PL": 5},
    "FR": {"FR": 90, "ES": 10},
    "ES": {"ES": 90, "FR": 10},
}

_BY_CODE = {n.code: n for n in NATIONALITIES}


def nationality(code: str) -> Nationality:
    return _BY_CODE[code]


def pick_nationality(rng: random.Random, country: str) -> Nationality:
    """Where a new colleague at a site in `country` is likely to come from."""
    mix = LOCAL_MIX.get(country, LOCAL_MIX["GB"])
    codes = list(mix)
    return _BY_CODE[rng.choices(codes, weights=[mix[c] for c in codes])[0]]


# --- E-mail spelling -------------------------------------------------------------------

_GREEK = {
    "ου": "ou", "αι": "ai", "ει": "ei", "οι": "oi", "μπ": "b", "ντ": "nt", "γγ": "ng",
    "θ": "th", "χ": "ch", "ψ": "ps", "ξ": "x", "α": "a", "β": "v", "γ": "g", "δ": "d",
    "ε": "e", "ζ": "z", "η": "i", "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n",
    "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f",
    "ω": "o",
}  # fmt: skip
_CYRILLIC = {
    "щ": "shch", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ю": "yu", "я": "ya",
    "є": "ye", "ї": "yi", "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d",
    "е": "e", "ё": "e", "з": "z", "и": "y", "і": "i", "й": "y", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "ъ": "", "ы": "y", "ь": "", "э": "e",
}  # fmt: skip
_LATIN = {"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i", "œ": "oe"}


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of a name, as a company would spell it in e-mail."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for table in (_GREEK, _CYRILLIC, _LATIN):
        for source, target in table.items():
            text = text.replace(source, target)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and c.isalnum())


def email_local(given: str, surname: str) -> str:
    """``first.last``: the first given name and the whole surname, in ASCII."""
    return f"{ascii_word(given.split()[0])}.{ascii_word(surname)}"
