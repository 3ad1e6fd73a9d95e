import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getConfig } from '@/lib/config';
import './globals.css';

export function generateMetadata(): Metadata {
  const { corpus } = getConfig();
  return { title: 'corpus-chat', description: `Ask questions about the ${corpus.name} and get cited answers.` };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">{children}</body>
    </html>
  );
}
