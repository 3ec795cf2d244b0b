// aws-local-stepfunctions 3 uses Promise.withResolvers (Node >= 22). On Node 20 every Task state would fail
// inside the runner, and a States.ALL Catch would turn that into a "successful" compensation. The harness
// also refuses any Task failure its local handler did not raise (see state-machine.ts).
if (typeof (Promise as any).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
