/** `GET /v1/internal-functions` items (docs/internal-functions.md). */
export interface InternalFunction {
  name: string;
  description: string;
  inputs: Array<{ name: string; description: string; required: boolean }>;
}
