// Imported as '@app/health-data/retention'. Retention's statements live in the store (runRetention: @app/store).
export * from './retention-cutoff';
