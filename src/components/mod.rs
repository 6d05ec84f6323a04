//! Thin components over `Playground`: each file is one part of the page.
mod code_panel;
mod compare_chart;
mod controls;
mod runs;
mod sim_notice;
mod toolbar;

pub use code_panel::CodePanel;
pub use compare_chart::CompareChart;
pub use controls::Controls;
pub use runs::RunList;
pub use sim_notice::SimNotice;
pub use toolbar::Toolbar;
