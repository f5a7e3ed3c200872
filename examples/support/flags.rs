//! The command lines of the examples' programs (the province job, the reference
//! service), read strictly: `--flag value` or `--flag=value` for a flag that takes a
//! value, a switch alone; a flag given twice, a flag without its value, a value given
//! to a switch, an unknown option or a stray argument is refused with a message.

use std::ffi::OsString;

/// The flags given, each at most once.
#[derive(Debug, Default)]
pub struct Flags {
    /// The switches given, in order.
    pub switches: Vec<&'static str>,
    /// The flags with their values, in order.
    pub values: Vec<(&'static str, OsString)>,
}

impl Flags {
    /// The value of `flag`, when it was given.
    pub fn take(&self, flag: &str) -> Option<OsString> {
        self.values
            .iter()
            .find(|(f, _)| *f == flag)
            .map(|(_, v)| v.clone())
    }
}

/// Reads `args` (without the program name) against the `switches` and the `valued`
/// flags the program knows.
///
/// # Errors
///
/// What is wrong, in words, for the program's usage message.
pub fn scan<I>(args: I, switches: &[&'static str], valued: &[&'static str]) -> Result<Flags, String>
where
    I: IntoIterator<Item = OsString>,
{
    let mut flags = Flags::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let text = arg.to_string_lossy().into_owned();
        // --flag=value or --flag value
        let (name, inline) = match text.split_once('=') {
            Some((n, _)) if n.starts_with("--") => {
                let value = arg
                    .to_str()
                    .and_then(|s| s.split_once('='))
                    .map(|(_, v)| OsString::from(v));
                (n.to_owned(), Some(value.unwrap_or_default()))
            }
            _ => (text.clone(), None),
        };
        if let Some(&flag) = switches.iter().find(|s| **s == name) {
            if inline.is_some() {
                return Err(format!("{flag} takes no value"));
            }
            if flags.switches.contains(&flag) {
                return Err(format!("{flag} is given twice"));
            }
            flags.switches.push(flag);
        } else if let Some(&flag) = valued.iter().find(|s| **s == name) {
            let value = match inline {
                Some(v) => v,
                None => match it.next() {
                    Some(v) if !v.to_string_lossy().starts_with("--") => v,
                    _ => return Err(format!("{flag} needs a value")),
                },
            };
            if value.is_empty() {
                return Err(format!("{flag} needs a value"));
            }
            if flags.values.iter().any(|(f, _)| *f == flag) {
                return Err(format!("{flag} is given twice"));
            }
            flags.values.push((flag, value));
        } else if name.starts_with('-') {
            return Err(format!("unknown option {name}"));
        } else {
            return Err(format!("unexpected argument {name:?}"));
        }
    }
    Ok(flags)
}
