// Loads every module of the store that registers statements, so that registeredStatements() holds
// them all: the SQL snapshot test and script import this file. A new store module is listed here.
import './locks/advisory-locks';
import './ledger/admission';
import './ledger/chunk-admin';
import './ledger/chunk-refs';
import './ledger/complete-chunk';
import './ledger/final-chunk';
import './ledger/outbox';
import './ledger/record-chunk';
import './ledger/retention';
import './ledger/sync-progress';
import './ledger/sync-run';
import './ledger/sync-state';
