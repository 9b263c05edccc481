//! View models: the overview, a source's detail and the CSV, turned into plain strings and
//! flags for the templates (which escape everything they print).

pub mod calculation;
pub mod detail;
mod detail_facts;
pub mod overview;
mod overview_cells;
