// Loads every module of the store that registers statements, so that registeredStatements() holds
// them all: the SQL snapshot test and script import this file. A new store module is listed here.
import './locks/advisory-locks';
import './rollup/rebuild-requests';
