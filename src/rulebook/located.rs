//! The errors of the rule-book deserializer: what went wrong, keeping serde's
//! structure (an unknown field with the fields expected, a missing field, a wrong
//! type …), and where: the path of keys and indices and the place in the text.
//! [`super::report`] turns them into the crate's [`Error`](crate::Error).

use std::fmt;

use serde::de;

use super::node::{Node, Span, Value};

/// The path to the value being deserialized, as a list linked through the stack.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'p> {
    /// The top of the document.
    Root,
    /// The entry `key` of the table at the parent path.
    Key(&'p Path<'p>, &'p str),
    /// Element `index` of the array at the parent path.
    Index(&'p Path<'p>, usize),
}

/// One step of an owned path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// A key of a table.
    Key(String),
    /// A 0-based index of an array.
    Index(usize),
}

impl Path<'_> {
    pub(super) fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut p = self;
        loop {
            match p {
                Path::Root => break,
                Path::Key(parent, k) => {
                    out.push(Segment::Key((*k).to_owned()));
                    p = parent;
                }
                Path::Index(parent, i) => {
                    out.push(Segment::Index(*i));
                    p = parent;
                }
            }
        }
        out.reverse();
        out
    }
}

/// Where an error is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    /// The path of the value (or of the key, for an error about a key).
    pub(crate) path: Vec<Segment>,
    /// Where the value (or key) starts.
    pub(crate) span: Span,
    /// Whether the error is about the key itself (an unknown key), not its value.
    pub(crate) at_key: bool,
}

/// What went wrong, keeping serde's structure.
#[derive(Debug)]
pub(crate) enum Reason {
    /// A key the type does not define; `expected` lists those it does.
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    /// A variant (or `kind`) the type does not define.
    UnknownVariant {
        variant: String,
        expected: &'static [&'static str],
    },
    /// A required key is absent.
    MissingField(&'static str),
    /// A value of the wrong type.
    InvalidType { found: String, expected: String },
    /// A value of the right type but out of range.
    InvalidValue { found: String, expected: String },
    /// A message from a type's own checks.
    Custom(String),
    /// The crate's own error, raised through `serde::de::Error::custom` by a type's
    /// checks (a `#[serde(try_from = …)]` conversion, say): kept whole.
    Crate(crate::Error),
}

/// The error of the rule-book deserializer: a [`Reason`] and, once known, where.
#[derive(Debug)]
pub(crate) struct DeError {
    pub(crate) reason: Reason,
    pub(crate) at: Option<Located>,
}

impl DeError {
    pub(super) fn new(reason: Reason) -> Self {
        Self { reason, at: None }
    }

    /// Places the error at `path` and `span` unless a deeper level already did.
    pub(super) fn locate(mut self, path: &Path<'_>, span: Span, at_key: bool) -> Self {
        if self.at.is_none() {
            self.at = Some(Located {
                path: path.segments(),
                span,
                at_key,
            });
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            Reason::UnknownField { field, .. } => write!(f, "unknown key `{field}`"),
            Reason::UnknownVariant { variant, .. } => write!(f, "unknown value `{variant}`"),
            Reason::MissingField(field) => write!(f, "missing key `{field}`"),
            Reason::InvalidType { found, expected } | Reason::InvalidValue { found, expected } => {
                write!(f, "expected {expected}, found {found}")
            }
            Reason::Custom(msg) => f.write_str(msg),
            Reason::Crate(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        match crate::error::capture_display(msg) {
            (_, Some(e)) => Self::new(Reason::Crate(e)),
            (text, None) => Self::new(Reason::Custom(text)),
        }
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::new(Reason::InvalidType {
            found: describe(&unexp),
            expected: exp.to_string(),
        })
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::new(Reason::InvalidValue {
            found: describe(&unexp),
            expected: exp.to_string(),
        })
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Self::new(Reason::UnknownVariant {
            variant: variant.to_owned(),
            expected,
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Self::new(Reason::UnknownField {
            field: field.to_owned(),
            expected,
        })
    }

    fn missing_field(field: &'static str) -> Self {
        Self::new(Reason::MissingField(field))
    }
}

/// What serde's `Unexpected` is, in the words of [`found`].
fn describe(unexp: &de::Unexpected<'_>) -> String {
    match unexp {
        de::Unexpected::Bool(b) => format!("the boolean `{b}`"),
        de::Unexpected::Unsigned(n) => format!("the number `{n}`"),
        de::Unexpected::Signed(n) => format!("the number `{n}`"),
        de::Unexpected::Str(s) => format!("the string \"{}\"", shorten(s)),
        de::Unexpected::Unit => "null".into(),
        de::Unexpected::Map => "a table".into(),
        de::Unexpected::Seq => "an array".into(),
        other => other.to_string(),
    }
}

/// What a value is, for "found …" in a message.
pub(super) fn found(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(t) => format!("the number `{}`", shorten(t)),
        Value::String(s) => format!("the string \"{}\"", shorten(s)),
        Value::Array(_) => "an array".into(),
        Value::Table(_) => "a table".into(),
    }
}

pub(super) fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        let head: String = text.chars().take(40).collect();
        format!("{head}…")
    }
}
