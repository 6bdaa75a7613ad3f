/**
 * Reading a JSON-protocol request's members with the service's complaints: a missing required member
 * is MissingParameter, a member of the wrong type or out of range is InvalidParameterValue.
 */
import { errors } from './errors';

export class Input {
  constructor(private readonly body: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  raw(name: string): unknown {
    return this.body[name];
  }

  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined || value === '') throw errors.missingParameter(name);
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw errors.invalidValue(name, value, 'must be a string.');
    return value;
  }

  /** An optional integer within [min, max]; `reason` is the service's wording of the range. */
  int(name: string, min: number, max: number, reason: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw errors.invalidValue(name, value, reason);
    }
    return value;
  }

  stringList(name: string): string[] {
    const value = this.body[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw errors.invalidValue(name, value, 'must be a list of strings.');
    return value as string[];
  }

  stringMap(name: string): Record<string, string> {
    const value = this.body[name];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      throw errors.invalidValue(name, value, 'must be a map of strings.');
    }
    return value as Record<string, string>;
  }

  /** A batch request's entries, checked as the service checks them before any entry runs. */
  entries(name: string): Input[] {
    const value = this.body[name];
    if (value === undefined || value === null) throw errors.missingParameter(name);
    if (!Array.isArray(value)) throw errors.invalidValue(name, value, 'must be a list.');
    if (value.length === 0) throw errors.emptyBatchRequest();
    if (value.length > 10) throw errors.tooManyEntriesInBatchRequest(value.length);
    const seen = new Set<string>();
    return value.map((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw errors.invalidValue(name, entry, 'each entry must be an object.');
      const input = new Input(entry as Record<string, unknown>);
      const id = input.string('Id');
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw errors.invalidBatchEntryId();
      if (seen.has(id)) throw errors.batchEntryIdsNotDistinct(id);
      seen.add(id);
      return input;
    });
  }
}
