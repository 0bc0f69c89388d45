// Handler logs are asserted where they matter; elsewhere they only bury the results.
// Set before any test file imports the module that creates the Powertools logger.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_DEV = 'false';
