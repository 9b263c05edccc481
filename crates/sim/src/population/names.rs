//! Synthetic names. Common Swedish given and family names combined at random; any likeness
//! to a real person is a coincidence, and the identity numbers are test numbers.

pub(crate) const GIVEN_NAMES: &[&str] = &[
    "Alva", "Anders", "Astrid", "Bertil", "Britt", "Carl", "Dalia", "Elin", "Emil", "Erik",
    "Fatima", "Gunnar", "Hanna", "Hassan", "Ida", "Ingrid", "Johan", "Karin", "Lars", "Leila",
    "Linnea", "Maja", "Mats", "Mohammed", "Nils", "Nora", "Olle", "Per", "Ronja", "Saga", "Samir",
    "Sven", "Tove", "Ulla", "Viktor", "Yasmin",
];

pub(crate) const FAMILY_NAMES: &[&str] = &[
    "Andersson",
    "Berg",
    "Björk",
    "Dahl",
    "Ek",
    "Eriksson",
    "Falk",
    "Gustafsson",
    "Hansson",
    "Holm",
    "Jakobsson",
    "Johansson",
    "Karlsson",
    "Larsson",
    "Lind",
    "Lindqvist",
    "Lund",
    "Nilsson",
    "Nyberg",
    "Olsson",
    "Persson",
    "Sandberg",
    "Sjöberg",
    "Strand",
    "Svensson",
    "Wikström",
    "Åberg",
    "Öberg",
];
