import { inspect } from 'node:util';

/**
 * A secret resolved from the environment. It prints, logs and serialises as `[secret]`; only
 * `reveal()` gives the value, so a department config logged or returned whole leaks nothing.
 */
export class SecretValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[secret]';
  }
  toString(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}
