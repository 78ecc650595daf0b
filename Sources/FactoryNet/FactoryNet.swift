// One import for studies written in Swift: `import FactoryNet` brings every layer, from
// scenario loading (Scenario) to runs (Experiments), sweeps and the results store (Campaign).
@_exported import Analysis
@_exported import Campaign
@_exported import Experiments
@_exported import Kernel
@_exported import Models
@_exported import Reporting
@_exported import Scenario
