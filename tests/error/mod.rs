//! Structured errors all the way (issue 16, item 4): every error the public API raises
//! belongs to a kind with an `is_*` predicate and carries what it is about — unit,
//! indicator, group, data point, person, field, value, file — so a host never has to
//! read a message to know what went wrong. The tests are named for the mistake each
//! guards against.

mod io;
mod load;
mod scoring;
mod settings;
