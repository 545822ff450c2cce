package pipeline

// Version is the pipeline's version, written into every record. Bump it when a stage's output
// changes, so downstream users can tell records of different pipelines apart.
const Version = "0.1.0"
