// TSX components: arrow and function components with typed props, and JSX.
import * as React from "react";

type Props = { label: string; count?: number };

export const Badge = ({ label, count = 0 }: Props) => (
  <span className="badge">
    {label} {count}
  </span>
);

export function App(props: { title: string }) {
  return (
    <div>
      <h1>{props.title}</h1>
      <Badge label="new" />
    </div>
  );
}

export default class Page extends React.Component<Props> {
  static defaultProps = { count: 1 };
  render() {
    return <Badge label={this.props.label} />;
  }
}
