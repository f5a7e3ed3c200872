//! Where and why a rule-book file failed to load, and how a type's own [`Error`] keeps
//! its structure through serde (see [`capture_display`]).

use std::cell::{Cell, RefCell};
use std::fmt;

use super::Error;
use crate::id::{IndicatorId, UnitId};

/// Where and why a rule-book file failed to load (see [`crate::rulebook`]).
#[derive(Debug)]
pub(crate) struct Load {
    /// The file name as the caller gave it.
    pub(crate) file: String,
    /// 1-based line and column (in characters), when the failure has a place.
    pub(crate) at: Option<(u32, u32)>,
    /// The path of keys and indices to the value, e.g. `indicators[3].rule.capp`;
    /// empty at the top level.
    pub(crate) path: String,
    /// The object the value belongs to (indicator I051, unit U1, `cards[2]` …).
    pub(crate) object: Option<Object>,
    /// The key concerned: the unknown, missing or invalid one.
    pub(crate) key: Option<String>,
    /// The nearest valid key (or value) to a misspelt one.
    pub(crate) suggestion: Option<String>,
    /// What kind of failure.
    pub(crate) what: LoadWhat,
    /// Why, in words (the cause's own message when there is a cause).
    pub(crate) reason: String,
    /// A type's own error raised while loading, kept with its structure.
    pub(crate) cause: Option<Error>,
}

/// The kind of a load failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoadWhat {
    /// The text is not TOML or JSON (or breaks the loader's limits on nesting).
    Syntax,
    /// The text is larger than the loader accepts.
    TooLarge,
    /// A key that the type does not define.
    UnknownKey,
    /// Anything else: a missing key, a value of the wrong type or out of range, a
    /// type's own check.
    Invalid,
}

/// What a located value belongs to: the nearest enclosing element of an array that is
/// a table with a string `id`, or that element by its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Object {
    /// An element of `indicators`.
    Indicator(IndicatorId),
    /// An element of `units`.
    Unit(UnitId),
    /// An element with an id of another collection: `what` is the collection's name
    /// in the singular (`data point`, `group` …).
    Named { what: String, id: String },
    /// An element without an id: `collection[index]`.
    Element { collection: String, index: usize },
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Object::Indicator(i) => write!(f, "indicator {i}"),
            Object::Unit(u) => write!(f, "unit {u}"),
            Object::Named { what, id } => write!(f, "{what} {id}"),
            Object::Element { collection, index } => write!(f, "{collection}[{index}]"),
        }
    }
}

impl fmt::Display for Load {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, column)) = self.at {
            write!(f, ":{line}:{column}")?;
        }
        f.write_str(": ")?;
        // a cause that names the object itself is not prefixed with it again
        let named_by_cause = match (&self.object, &self.cause) {
            (Some(Object::Indicator(i)), Some(c)) => c.indicator() == Some(i),
            (Some(Object::Unit(u)), Some(c)) => c.unit() == Some(u),
            (Some(Object::Named { what, id }), Some(c)) if what == "veto" => {
                c.veto() == Some(id.as_str())
            }
            _ => false,
        };
        if let Some(object) = self.object.as_ref().filter(|_| !named_by_cause) {
            write!(f, "{object}: ")?;
        }
        match &self.cause {
            Some(cause) => fmt::Display::fmt(&cause.kind, f),
            None => f.write_str(&self.reason),
        }
    }
}

thread_local! {
    /// Set while [`capture_display`] formats a message.
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    /// The first [`Error`] formatted while capturing.
    static CAPTURED: RefCell<Option<Error>> = const { RefCell::new(None) };
}

/// Formats `msg` and returns the text with the crate [`Error`] that `msg` is, when it is
/// one (its text is exactly that error's message).
///
/// This is how an error keeps its structure through `serde::de::Error::custom`, which
/// sees only a `Display`: serde raises a `#[serde(try_from = …)]` conversion's error
/// (`Catalog::try_from` failing with a repeated indicator, say) as `custom(error)`, and
/// the rule-book deserializer's `custom` formats it here. [`Error`]'s `Display` offers
/// a clone of itself (a reference count) while a capture is running; nothing else ever
/// reads the slot, and formatting outside a capture has no side effect.
pub(crate) fn capture_display(msg: impl fmt::Display) -> (String, Option<Error>) {
    /// Restores the flag however formatting ends (a `Display` that panics included).
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            CAPTURING.with(|c| c.set(self.0));
        }
    }
    let was = CAPTURING.with(|c| c.replace(true));
    let restore = Restore(was);
    let text = msg.to_string();
    drop(restore);
    let captured = if was {
        None
    } else {
        CAPTURED.with(|c| c.borrow_mut().take())
    };
    let captured = captured.filter(|e| {
        // formatting again offers nothing: the capture is over
        e.to_string() == text
    });
    (text, captured)
}

impl Error {
    /// Offers this error to a running [`capture_display`].
    pub(super) fn offer(&self) {
        if CAPTURING.with(Cell::get) {
            CAPTURED.with(|c| {
                if let Ok(mut slot) = c.try_borrow_mut() {
                    if slot.is_none() {
                        *slot = Some(self.clone());
                    }
                }
            });
        }
    }
}
