/**
 * Where moto answers differently from AWS, and the test-side adapters that make a client
 * see AWS's answer. Product code is written for AWS and is never changed for moto.
 */
import type { GetParametersCommandInput, GetParametersCommandOutput, SSMClient } from '@aws-sdk/client-ssm'

const selectorOf = (name: string) => (!name.startsWith('arn:') && name.includes(':') ? name.slice(name.lastIndexOf(':')) : undefined)

/**
 * AWS's GetParameters answers `/a/b:3` with `Name: "/a/b", Selector: ":3"`, which is how a
 * caller tells `/a/b`, `/a/b:3` and `/a/b:blue` apart in one response. moto (5.2) finds the
 * right version but leaves `Selector` out, and answers in no particular order.
 *
 * This adapter sends each name of a call that uses selectors as a call of its own, so each
 * answer is unambiguous, and puts back the `Selector` AWS would have sent. Requests are then
 * one per name: count requests on a client without it.
 */
export function echoSelectorsLikeAws(client: SSMClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as GetParametersCommandInput
      const names = input.Names ?? []
      if (context.commandName !== 'GetParametersCommand' || !names.some(selectorOf)) return next(args)
      const answers = await Promise.all(names.map((name) => next({ ...args, input: { ...input, Names: [name] } })))
      const outputs = answers.map(({ output }) => output as GetParametersCommandOutput)
      const parameters = outputs.flatMap((output, index) => {
        const selector = selectorOf(names[index]!)
        return (output.Parameters ?? []).map((parameter) => (selector ? { ...parameter, Selector: selector } : parameter))
      })
      const output: GetParametersCommandOutput = {
        ...outputs[0]!,
        Parameters: parameters,
        InvalidParameters: outputs.flatMap((each) => each.InvalidParameters ?? []),
      }
      return { ...answers[0]!, output }
    },
    { step: 'initialize', name: 'echoSelectorsLikeAws' },
  )
}
