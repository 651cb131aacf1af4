import { TreeSelect, type TreeSelectProps } from 'antd';
import { useEffect, useState } from 'react';
import type { TreeNode } from '../../contracts/org';
import { fetchDivisionTree, usePickerDivisions } from '../lib/org-lookups';

interface FlatNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

const flatten = (nodes: TreeNode[], parent: string | null, out: FlatNode[] = []) => {
  for (const node of nodes) {
    out.push({ id: node.code, pId: parent, value: node.code, title: node.name, isLeaf: node.level === 'grid' });
    flatten(node.children, node.code, out);
  }
  return out;
};

/** Pick a division from the tree, loading each level when it is opened. */
export function DivisionSelect({
  current,
  ...props
}: Omit<TreeSelectProps<string>, 'treeData' | 'loadData'> & { current?: { code: string; name: string } | null }) {
  const { data: roots } = usePickerDivisions();
  const [nodes, setNodes] = useState<FlatNode[]>([]);

  useEffect(() => {
    if (!roots) return;
    const flat = flatten(roots, null);
    if (current && !flat.some((n) => n.id === current.code))
      flat.push({ id: current.code, pId: null, value: current.code, title: current.name, isLeaf: true });
    setNodes(flat);
  }, [roots, current]);

  const loadData: TreeSelectProps['loadData'] = async (node) => {
    const code = String(node.value);
    if (nodes.some((n) => n.pId === code)) return;
    const [loaded] = await fetchDivisionTree(code, 1);
    const children = flatten(loaded?.children ?? [], code).filter((c) => c.pId === code);
    setNodes((prev) => [
      ...prev.map((n) => (n.id === code && children.length === 0 ? { ...n, isLeaf: true } : n)),
      ...children.filter((c) => !prev.some((p) => p.id === c.id)),
    ]);
  };

  return (
    <TreeSelect<string>
      treeDataSimpleMode
      treeData={nodes}
      loadData={loadData}
      showSearch
      treeNodeFilterProp="title"
      allowClear
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}
