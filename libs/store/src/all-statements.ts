// Loads every module of the store that registers statements, so that registeredStatements() holds
// them all: the SQL snapshot test and script import this file. A new store module is listed here.
import './locks/advisory-locks';
import './health-rows/row-references';
import './health-rows/sources';
import './health-rows/profile';
import './health-rows/chunk-writer';
import './health-rows/reconcile';
import './rollup/sample-rollup';
import './rollup/source-precedence';
import './reads/record-pages.query';
import './reads/aggregates.query';
import './reads/latest.query';
import './reads/blood-pressure.query';
import './reads/manual-free-rollup';
import './reads/nutrition.query';
import './reads/sleep-sessions.query';
import './reads/sources.query';
import './reads/workouts.query';
import './privacy/erasure';
import './privacy/export';
import './privacy/retention';
