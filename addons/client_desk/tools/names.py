"""Personal names as a salon types them: one rule for splitting and joining first and last name."""

# Words that start a (Belgian, Dutch, French...) family name: "Anne-Marie Van den Broeck",
# "Luc de Smet", "Jean du Pont", "Marie D'Hondt" keep them in the last name.
PARTICLES = frozenset((
    "van", "vanden", "vander", "vande", "von", "de", "der", "den", "het", "ter", "ten", "te", "t",
    "du", "des", "la", "le", "les", "d", "di", "da", "del", "della", "dos", "das", "op", "in", "uit",
))


def _is_particle(word):
    """True for "Van", "de", "D'" (a word that begins a family name)."""
    word = word.lower().rstrip(".")
    return word in PARTICLES or (word.endswith("'") and word[:-1] in PARTICLES)


def split_name(full_name):
    """(first name, last name) of a full name as typed.

    "Anne-Marie Van den Broeck" -> ("Anne-Marie", "Van den Broeck"); "Peeters, Anne" ->
    ("Anne", "Peeters"); "Anne" -> ("Anne", ""): the family name starts at the first particle
    after the first word, else after the first word.
    """
    text = " ".join((full_name or "").split())
    if "," in text:
        last, first = (part.strip() for part in text.split(",", 1))
        return first, last
    words = text.split(" ") if text else []
    if len(words) < 2:
        return text, ""
    start = next((index for index in range(1, len(words) - 1) if _is_particle(words[index])), 1)
    return " ".join(words[:start]), " ".join(words[start:])


def join_name(first_name, last_name):
    """The full name of a first and last name ("Anne", "Van den Broeck" -> "Anne Van den Broeck")."""
    return " ".join(part.strip() for part in (first_name, last_name) if part and part.strip())
