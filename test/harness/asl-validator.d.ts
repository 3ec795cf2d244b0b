// asl-validator 4 ships no type declarations.
declare module 'asl-validator' {
  interface AslValidatorResult {
    readonly isValid: boolean;
    readonly errors: unknown[];
    errorsText(separator?: string): string;
  }
  function aslValidator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): AslValidatorResult;
  export = aslValidator;
}
