/** A resident's text with its line breaks kept, without inline styles (the CSP allows none). */
export function MultilineText({ text, className }: { text: string; className?: string }) {
  return (
    <p className={className}>
      {text.split(/\r?\n/).map((line, index) => (
        <span key={index}>
          {index > 0 ? <br /> : null}
          {line}
        </span>
      ))}
    </p>
  );
}
