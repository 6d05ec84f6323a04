//! Thin components over `Playground`: each file is one part of the page.
//! They read through the state's methods and change it only through them.
mod code_panel;
mod compare_chart;
mod controls;
mod histogram;
mod host_warning;
mod in_flight;
mod lessons;
mod load_test;
mod runs;
mod save_image;
mod sim_notice;
mod summary;
mod table_alt;
mod toolbar;
mod use_focus;
mod waterfall;

pub use code_panel::CodePanel;
pub use compare_chart::CompareChart;
pub use controls::Controls;
pub use histogram::LatencyHistogram;
pub use host_warning::HostWarning;
pub use in_flight::InFlightChart;
pub use lessons::Lessons;
pub use load_test::LoadTestCommand;
pub use runs::RunList;
pub use save_image::SaveImage;
pub use sim_notice::SimNotice;
pub use summary::{Stats, Verdict};
pub use table_alt::TableAlt;
pub use toolbar::Toolbar;
pub use use_focus::use_focus;
pub use waterfall::Waterfall;
