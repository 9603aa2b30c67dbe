//! Node graphs: the layered layout shared by the trace graph, the service map and the node graph panel.

pub mod layout;
